namespace Leasehold.Client;

/// <summary>
/// 409 <c>lease-held</c>: someone else holds the lease (or others wait in line first, or it is in its lock delay); or, as
/// <see cref="SemaphoreFullException"/>, every permit of a semaphore is held.
/// </summary>
public class LeaseHeldException : LeaseholdException
{
    public LeaseHeldException()
    {
    }

    public LeaseHeldException(string message)
        : base(message)
    {
    }

    public LeaseHeldException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public LeaseHeldException(string message, string? detail, string? holder, long? fence, TimeSpan? retryAfter)
        : this(message, ProblemTypes.LeaseHeld, detail, holder, fence, retryAfter)
    {
    }

    /// <summary>A 409 of another problem type that means the same to a waiting acquirer: not now, ask again later.</summary>
    protected LeaseHeldException(string message, string type, string? detail, string? holder, long? fence, TimeSpan? retryAfter)
        : base(message, 409, type, detail)
    {
        Holder = holder;
        Fence = fence;
        RetryAfter = retryAfter;
    }

    /// <summary>The current holder, when the server names one.</summary>
    public string? Holder { get; }

    /// <summary>The current fence of the resource.</summary>
    public long? Fence { get; }

    /// <summary>The server's hint of when to ask again.</summary>
    public TimeSpan? RetryAfter { get; }
}
