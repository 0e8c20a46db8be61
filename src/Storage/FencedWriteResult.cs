namespace Leasehold.Storage;

/// <summary>The store's answer to a fenced write.</summary>
/// <param name="Outcome">Accepted or why not.</param>
/// <param name="Version">The object's version after the write (accepted), or its current version.</param>
/// <param name="HighestFence">The highest fence the key has seen, including this write if accepted.</param>
/// <param name="BoundResource">The resource the key is bound to.</param>
public sealed record FencedWriteResult(FencedWriteOutcome Outcome, long Version, long HighestFence, string BoundResource);
