namespace Leasehold.Client;

/// <summary>409 <c>stale-fencing-token</c>: a write with a newer fence reached the object first; yours was refused.</summary>
public sealed class StaleFenceException : LeaseholdException
{
    public StaleFenceException()
    {
    }

    public StaleFenceException(string message)
        : base(message)
    {
    }

    public StaleFenceException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public StaleFenceException(string message, string? detail, long? fence, long? highestFence)
        : base(message, 409, ProblemTypes.StaleFencingToken, detail)
    {
        Fence = fence;
        HighestFence = highestFence;
    }

    /// <summary>The fence the refused write carried.</summary>
    public long? Fence { get; }

    /// <summary>The highest fence the object has seen.</summary>
    public long? HighestFence { get; }
}
