using System.Collections.Concurrent;

namespace Leasehold.Diagnostics;

/// <summary>
/// The leases held by the lease grains active on this silo, for people (the dashboard, <c>GET /v1/leases</c>), one entry
/// per holder: a resource held exclusively has one, a resource held in shared mode one per shared holder. Fed by LeaseGrain
/// on grant, renew, release, expiry and deactivation. It is a view, never a source of truth: a lease whose grain lives on
/// another silo is not here, and an entry whose time ran out is left out of <see cref="List"/> even before its grain
/// noticed. Safety never reads it.
/// </summary>
public sealed class HeldLeases(TimeProvider time)
{
    // By resource: an Entry (its one exclusive holder) or a SharedHolding (its shared holders). The exclusive path, the hot
    // one, writes one Entry per grant or renewal and reads nothing. A resource's changes all come from its lease grain's
    // turns, so the shared path's read-modify-write never races another for that resource; readers see either version.
    private readonly ConcurrentDictionary<string, Holding> _leases = new(StringComparer.Ordinal);

    /// <summary>An exclusive lease granted, renewed or recovered: its holder is the resource's only one.</summary>
    internal void Held(string resource, string holder, long fence, TimeSpan ttl, DateTimeOffset expiresAtUtc) =>
        _leases[resource] = EntryOf(holder, fence, ttl, expiresAtUtc);

    /// <summary>A shared hold granted, renewed or recovered: <paramref name="holder"/>'s entry is added or replaced, the others' kept.</summary>
    internal void HeldShared(string resource, string holder, long fence, TimeSpan ttl, DateTimeOffset expiresAtUtc)
    {
        var entry = EntryOf(holder, fence, ttl, expiresAtUtc);
        // An exclusive entry left here is over: a shared hold is granted only once no exclusive holder may still hold.
        _leases[resource] = _leases.TryGetValue(resource, out var holding) && holding is SharedHolding shared
            ? shared.With(entry)
            : new SharedHolding([entry]);
    }

    /// <summary>The resource's lease ended, or its grain left: none of its holders is listed any more.</summary>
    internal void Ended(string resource) => _leases.TryRemove(resource, out _);

    /// <summary>One shared holder's hold ended (released or expired): the resource's other holders stay listed.</summary>
    internal void EndedShared(string resource, string holder)
    {
        if (!_leases.TryGetValue(resource, out var holding) || holding is not SharedHolding shared)
        {
            return;
        }

        if (shared.Without(holder) is { } rest)
        {
            _leases.TryUpdate(resource, rest, holding);
        }
        else
        {
            _leases.TryRemove(KeyValuePair.Create(resource, holding));
        }
    }

    /// <summary>How many holders still hold a lease by this silo's clock (a shared lease counts each of its holders).</summary>
    public int CountHeld()
    {
        var now = time.GetTimestamp();
        return Holds().Count(hold => hold.Entry.ExpiresAt > now);
    }

    /// <summary>
    /// The <paramref name="limit"/> holds still held by this silo's clock that expire soonest, soonest first, one per holder,
    /// and how many are held in all. A silo may hold a hundred thousand leases: only the ones shown are sorted (a bounded heap).
    /// </summary>
    public (IReadOnlyList<HeldLease> Soonest, int Total) List(int limit = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var now = time.GetTimestamp();
        var total = 0;

        // A max-heap on expiry of the soonest seen so far: a later-expiring lease never displaces one that is kept.
        var soonest = new PriorityQueue<(string Resource, Entry Entry), long>(Comparer<long>.Create(static (a, b) => b.CompareTo(a)));
        foreach (var (resource, entry) in Holds())
        {
            if (entry.ExpiresAt <= now)
            {
                continue;
            }

            total++;
            if (soonest.Count < limit)
            {
                soonest.Enqueue((resource, entry), entry.ExpiresAt);
            }
            else if (soonest.TryPeek(out _, out var latest) && entry.ExpiresAt < latest)
            {
                soonest.EnqueueDequeue((resource, entry), entry.ExpiresAt);
            }
        }

        var listed = new HeldLease[soonest.Count];
        for (var i = listed.Length - 1; soonest.TryDequeue(out var lease, out _); i--)
        {
            listed[i] = new HeldLease(lease.Resource, lease.Entry.Holder, lease.Entry.Fence, lease.Entry.ExpiresAtUtc, time.GetElapsedTime(now, lease.Entry.ExpiresAt));
        }

        return (listed, total);
    }

    /// <summary>Every listed hold, one per holder: a resource's exclusive entry, or each of its shared holders' entries.</summary>
    private IEnumerable<(string Resource, Entry Entry)> Holds()
    {
        foreach (var lease in _leases)
        {
            if (lease.Value is Entry entry)
            {
                yield return (lease.Key, entry);
                continue;
            }

            foreach (var shared in ((SharedHolding)lease.Value).Holders)
            {
                yield return (lease.Key, shared);
            }
        }
    }

    private Entry EntryOf(string holder, long fence, TimeSpan ttl, DateTimeOffset expiresAtUtc) =>
        new(holder, fence, time.GetTimestamp() + (long)(ttl.TotalSeconds * time.TimestampFrequency), expiresAtUtc);

    /// <summary>What one resource has listed: its exclusive holder, or its shared holders.</summary>
    private abstract record Holding;

    /// <summary>One holder's hold; <see cref="ExpiresAt"/> is on this silo's monotonic clock.</summary>
    private sealed record Entry(string Holder, long Fence, long ExpiresAt, DateTimeOffset ExpiresAtUtc) : Holding;

    /// <summary>A resource's shared holders, one entry each; never empty. Copied on change, so readers need no lock.</summary>
    private sealed record SharedHolding(Entry[] Holders) : Holding
    {
        /// <summary>These holders with <paramref name="entry"/>'s holder's entry added or replaced.</summary>
        public SharedHolding With(Entry entry)
        {
            var index = IndexOf(entry.Holder);
            Entry[] holders;
            if (index >= 0)
            {
                holders = (Entry[])Holders.Clone();
            }
            else
            {
                holders = new Entry[Holders.Length + 1];
                Holders.CopyTo(holders, 0);
                index = Holders.Length;
            }

            holders[index] = entry;
            return new SharedHolding(holders);
        }

        /// <summary>These holders without <paramref name="holder"/>; this when it is not one; null when it was the last.</summary>
        public SharedHolding? Without(string holder)
        {
            var index = IndexOf(holder);
            if (index < 0)
            {
                return this;
            }

            if (Holders.Length == 1)
            {
                return null;
            }

            var holders = new Entry[Holders.Length - 1];
            Array.Copy(Holders, 0, holders, 0, index);
            Array.Copy(Holders, index + 1, holders, index, holders.Length - index);
            return new SharedHolding(holders);
        }

        private int IndexOf(string holder) => Array.FindIndex(Holders, e => string.Equals(e.Holder, holder, StringComparison.Ordinal));
    }
}
