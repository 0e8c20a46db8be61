namespace Leasehold.Client;

/// <summary>409 <c>semaphore-full</c>: every permit of the semaphore was still held when the wait ran out.</summary>
public sealed class SemaphoreFullException : LeaseHeldException
{
    public SemaphoreFullException()
    {
    }

    public SemaphoreFullException(string message)
        : base(message)
    {
    }

    public SemaphoreFullException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public SemaphoreFullException(string message, string? detail, int? permits, int? holders, TimeSpan? retryAfter)
        : base(message, ProblemTypes.SemaphoreFull, detail, null, null, retryAfter)
    {
        Permits = permits;
        Holders = holders;
    }

    /// <summary>How many permits the semaphore has.</summary>
    public int? Permits { get; }

    /// <summary>How many of them were held at the server's last look.</summary>
    public int? Holders { get; }
}
