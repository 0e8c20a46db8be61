namespace Leasehold.Client;

/// <summary>
/// 410 <c>session-lost</c>, or a <see cref="LeaseholdSession"/> that can no longer be trusted: the session ended, and every
/// lease it held with it. Stop acting under them, and open a new session for new fences.
/// </summary>
public sealed class SessionLostException : LeaseholdException
{
    public SessionLostException()
    {
    }

    public SessionLostException(string message)
        : base(message)
    {
    }

    public SessionLostException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public SessionLostException(string message, int? status, string? detail)
        : base(message, status, ProblemTypes.SessionLost, detail)
    {
    }
}
