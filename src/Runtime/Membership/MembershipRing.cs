namespace Leasehold.Runtime.Membership;

/// <summary>
/// Who watches whom: the Active silos ordered by address form a ring, and each silo probes the next few
/// after it. Every silo computes the same ring from the same view, so each Active silo is watched by as many
/// peers as it watches (while views agree), and no silo has to probe the whole cluster.
/// </summary>
internal static class MembershipRing
{
    /// <summary>The (at most) <paramref name="count"/> silos after <paramref name="self"/> on the ring of <paramref name="active"/>; empty if <paramref name="self"/> is not on it.</summary>
    public static IReadOnlyList<SiloAddress> Successors(IEnumerable<SiloAddress> active, SiloAddress self, int count)
    {
        var ring = active.Distinct().Order(AddressOrder.Instance).ToList();
        var index = ring.IndexOf(self);
        if (index < 0)
        {
            return [];
        }

        var successors = new List<SiloAddress>(Math.Min(count, ring.Count - 1));
        for (var step = 1; step < ring.Count && successors.Count < count; step++)
        {
            successors.Add(ring[(index + step) % ring.Count]);
        }

        return successors;
    }

    /// <summary>Address bytes, then port, then generation: the same total order on every silo.</summary>
    private sealed class AddressOrder : IComparer<SiloAddress>
    {
        public static readonly AddressOrder Instance = new();

        public int Compare(SiloAddress x, SiloAddress y)
        {
            var byAddress = x.Endpoint.Address.GetAddressBytes().AsSpan().SequenceCompareTo(y.Endpoint.Address.GetAddressBytes());
            if (byAddress != 0)
            {
                return byAddress;
            }

            var byPort = x.Endpoint.Port.CompareTo(y.Endpoint.Port);
            return byPort != 0 ? byPort : x.Generation.CompareTo(y.Generation);
        }
    }
}
