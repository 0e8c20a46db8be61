namespace Leasehold.Diagnostics;

/// <summary>A fenced write the store refused, for people: when, which object, under which fence, and why.</summary>
/// <param name="AtUtc">This silo's wall-clock time of the refusal (for display).</param>
/// <param name="Key">The object key.</param>
/// <param name="Resource">The token's resource, when the token could be read.</param>
/// <param name="Fence">The token's fence, when the token could be read.</param>
/// <param name="HighestFence">The highest fence the object has seen (stale-fence only).</param>
/// <param name="Reason">stale-fence, invalid-token or wrong-resource.</param>
/// <param name="Detail">One sentence.</param>
/// <param name="TraceId">The trace of the write, to find its spans.</param>
public sealed record RejectedWrite(DateTimeOffset AtUtc, string Key, string? Resource, long? Fence, long? HighestFence, string Reason, string Detail, string? TraceId);
