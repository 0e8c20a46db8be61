namespace Leasehold.Grains.Leases;

/// <summary>
/// What a lease grain keeps durable. <see cref="Fence"/> only grows. <see cref="ExpiresAtUtc"/> is
/// the wall-clock expiry, kept only so that a successor activation can recover the lease (with the
/// clock-uncertainty bound added); the live lease is timed on the monotonic clock.
/// </summary>
internal sealed record LeaseState(long Fence, string? LeaseId, string? Holder, TimeSpan Ttl, DateTimeOffset? ExpiresAtUtc)
{
    public static LeaseState Initial() => new(0, null, null, TimeSpan.Zero, null);
}
