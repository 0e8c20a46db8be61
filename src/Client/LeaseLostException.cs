namespace Leasehold.Client;

/// <summary>
/// 410 <c>lease-lost</c>, or a <see cref="FencedLock"/> whose lease can no longer be trusted: stop acting
/// under it, and acquire again for a new fence.
/// </summary>
public sealed class LeaseLostException : LeaseholdException
{
    public LeaseLostException()
    {
    }

    public LeaseLostException(string message)
        : base(message)
    {
    }

    public LeaseLostException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public LeaseLostException(string message, int? status, string? detail)
        : base(message, status, ProblemTypes.LeaseLost, detail)
    {
    }
}
