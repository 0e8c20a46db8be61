namespace Leasehold.Diagnostics;

/// <summary>A lease held by a lease grain on this silo; <paramref name="Remaining"/> is timed on this silo's monotonic clock.</summary>
public sealed record HeldLease(string Resource, string Holder, long Fence, DateTimeOffset ExpiresAtUtc, TimeSpan Remaining);
