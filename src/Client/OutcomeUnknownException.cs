namespace Leasehold.Client;

/// <summary>
/// The request may or may not have taken effect: the server answered 504 <c>outcome-unknown</c>, or the
/// connection failed or timed out after the request was sent. Only idempotent requests are retried for
/// you; for a write, read back before deciding.
/// </summary>
public sealed class OutcomeUnknownException : LeaseholdException
{
    public OutcomeUnknownException()
    {
    }

    public OutcomeUnknownException(string message)
        : base(message)
    {
    }

    public OutcomeUnknownException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public OutcomeUnknownException(string message, int? status, string? detail, Exception? innerException = null)
        : base(message, status, ProblemTypes.OutcomeUnknown, detail, innerException)
    {
    }
}
