namespace Leasehold.Api.Contracts;

/// <summary>A refused fenced write.</summary>
/// <param name="AtUtc">When (the answering silo's wall clock).</param>
/// <param name="Key">The object key.</param>
/// <param name="Resource">The token's resource, if the token could be read.</param>
/// <param name="Fence">The token's fence, if the token could be read.</param>
/// <param name="HighestFence">The highest fence the object had seen (stale-fence).</param>
/// <param name="Reason">stale-fence, invalid-token or wrong-resource.</param>
/// <param name="Detail">One sentence.</param>
/// <param name="TraceId">The write's trace id, to find its spans.</param>
public sealed record RejectedWriteResponse(DateTimeOffset AtUtc, string Key, string? Resource, long? Fence, long? HighestFence, string Reason, string Detail, string? TraceId);
