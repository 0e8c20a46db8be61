namespace Leasehold.Runtime.Storage;

/// <summary>
/// A write presented a stale ETag: someone else (another activation of the same grain, during a
/// membership disagreement) wrote first. Nothing was written; the grain must re-read before acting.
/// </summary>
public sealed class InconsistentStateException : Exception
{
    public InconsistentStateException(GrainId grainId, string? expectedETag)
        : base($"The stored state of {grainId} is no longer at ETag '{expectedETag ?? "(none)"}'; another writer came first.")
    {
        GrainId = grainId;
    }

    public InconsistentStateException()
    {
    }

    public InconsistentStateException(string message) : base(message)
    {
    }

    public InconsistentStateException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public GrainId GrainId { get; }
}
