namespace Leasehold.Client;

/// <summary>404 <c>no-leader</c>: nobody leads the election (<see cref="LeaseholdClient.GetLeaderAsync"/> answers null instead).</summary>
public sealed class NoLeaderException : LeaseholdException
{
    public NoLeaderException()
    {
    }

    public NoLeaderException(string message)
        : base(message)
    {
    }

    public NoLeaderException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public NoLeaderException(string message, string? detail, long? fence, long? index)
        : base(message, 404, ProblemTypes.NoLeader, detail)
    {
        Fence = fence;
        Index = index;
    }

    /// <summary>The fence of the latest term (0 if nobody ever led).</summary>
    public long? Fence { get; }

    /// <summary>The election's index: pass it to <see cref="LeaseholdClient.ObserveLeaderAsync"/> to wait for the next leader.</summary>
    public long? Index { get; }
}
