using Orleans;

namespace Leasehold.Grains.Sessions;

/// <summary>
/// What a session grain keeps durable: whose it is, its TTL, its wall-clock expiry (kept only so that a successor
/// activation can recover it, with the clock-uncertainty bound added; the live session is timed on the monotonic clock),
/// the leases it holds, and why it ended once it has. An ended session stays ended: its id is never reopened.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("leasehold.SessionState")]
internal sealed record SessionState(
    [property: Id(0)] string? Holder,
    [property: Id(1)] string? Owner,
    [property: Id(2)] TimeSpan Ttl,
    [property: Id(3)] DateTimeOffset? ExpiresAtUtc,
    [property: Id(4)] HeldBySession[] Leases,
    [property: Id(5)] string? EndReason)
{
    public static SessionState Initial() => new(null, null, TimeSpan.Zero, null, [], null);

    public bool Exists => Holder is not null;
}

/// <summary>A lease the session holds, with the id that renews and releases it.</summary>
[GenerateSerializer]
[Immutable]
[Alias("leasehold.HeldBySession")]
internal sealed record HeldBySession([property: Id(0)] string Resource, [property: Id(1)] string LeaseId, [property: Id(2)] long Fence);
