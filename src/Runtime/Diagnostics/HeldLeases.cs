using System.Collections.Concurrent;

namespace Leasehold.Runtime.Diagnostics;

/// <summary>
/// The leases held by the lease grains active on this silo, for people (the dashboard, <c>GET /v1/leases</c>).
/// Fed by LeaseGrain on grant, renew, release, expiry and deactivation. It is a view, never a source of truth:
/// a lease whose grain lives on another silo is not here, and an entry whose time ran out is left out of
/// <see cref="List"/> even before its grain noticed. Safety never reads it.
/// </summary>
public sealed class HeldLeases(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Entry> _leases = new(StringComparer.Ordinal);

    /// <summary>How many leases are listed as held (including ones whose time ran out since).</summary>
    public int Count => _leases.Count;

    internal void Held(string resource, string holder, long fence, TimeSpan ttl, DateTimeOffset expiresAtUtc) =>
        _leases[resource] = new Entry(holder, fence, time.GetTimestamp() + (long)(ttl.TotalSeconds * time.TimestampFrequency), expiresAtUtc);

    internal void Ended(string resource) => _leases.TryRemove(resource, out _);

    /// <summary>The leases still held by this silo's clock, soonest to expire first.</summary>
    public IReadOnlyList<HeldLease> List()
    {
        var now = time.GetTimestamp();
        return [.. _leases
            .Where(l => l.Value.ExpiresAt > now)
            .Select(l => new HeldLease(l.Key, l.Value.Holder, l.Value.Fence, l.Value.ExpiresAtUtc, time.GetElapsedTime(now, l.Value.ExpiresAt)))
            .OrderBy(l => l.Remaining)];
    }

    private sealed record Entry(string Holder, long Fence, long ExpiresAt, DateTimeOffset ExpiresAtUtc);
}
