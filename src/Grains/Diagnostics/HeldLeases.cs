using System.Collections.Concurrent;

namespace Leasehold.Diagnostics;

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

    /// <summary>How many leases are still held by this silo's clock.</summary>
    public int CountHeld()
    {
        var now = time.GetTimestamp();
        return _leases.Count(l => l.Value.ExpiresAt > now);
    }

    /// <summary>
    /// The <paramref name="limit"/> leases still held by this silo's clock that expire soonest, soonest first, and how many
    /// are held in all. A silo may hold a hundred thousand leases: only the ones shown are sorted (a bounded heap).
    /// </summary>
    public (IReadOnlyList<HeldLease> Soonest, int Total) List(int limit = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var now = time.GetTimestamp();
        var total = 0;

        // A max-heap on expiry of the soonest seen so far: a later-expiring lease never displaces one that is kept.
        var soonest = new PriorityQueue<KeyValuePair<string, Entry>, long>(Comparer<long>.Create(static (a, b) => b.CompareTo(a)));
        foreach (var lease in _leases)
        {
            if (lease.Value.ExpiresAt <= now)
            {
                continue;
            }

            total++;
            if (soonest.Count < limit)
            {
                soonest.Enqueue(lease, lease.Value.ExpiresAt);
            }
            else if (soonest.TryPeek(out _, out var latest) && lease.Value.ExpiresAt < latest)
            {
                soonest.EnqueueDequeue(lease, lease.Value.ExpiresAt);
            }
        }

        var listed = new HeldLease[soonest.Count];
        for (var i = listed.Length - 1; soonest.TryDequeue(out var lease, out _); i--)
        {
            listed[i] = new HeldLease(lease.Key, lease.Value.Holder, lease.Value.Fence, lease.Value.ExpiresAtUtc, time.GetElapsedTime(now, lease.Value.ExpiresAt));
        }

        return (listed, total);
    }

    private sealed record Entry(string Holder, long Fence, long ExpiresAt, DateTimeOffset ExpiresAtUtc);
}
