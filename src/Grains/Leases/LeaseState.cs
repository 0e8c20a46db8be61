using Orleans;

namespace Leasehold.Grains.Leases;

/// <summary>
/// What a lease grain keeps durable. <see cref="Fence"/> only grows. <see cref="ExpiresAtUtc"/> is
/// the wall-clock expiry, kept only so that a successor activation can recover the lease (with the
/// clock-uncertainty bound added); the live lease is timed on the monotonic clock.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("leasehold.LeaseState")]
internal sealed record LeaseState(
    [property: Id(0)] long Fence,
    [property: Id(1)] string? LeaseId,
    [property: Id(2)] string? Holder,
    [property: Id(3)] TimeSpan Ttl,
    [property: Id(4)] DateTimeOffset? ExpiresAtUtc)
{
    public static LeaseState Initial() => new(0, null, null, TimeSpan.Zero, null);
}
