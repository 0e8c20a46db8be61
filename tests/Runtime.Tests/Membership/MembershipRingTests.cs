using System.Net;
using Leasehold.Runtime.Membership;

namespace Leasehold.Runtime.Tests.Membership;

public sealed class MembershipRingTests
{
    private static readonly SiloAddress[] Silos =
    [
        Silo("10.0.0.2", 1), Silo("10.0.0.1", 2), Silo("10.0.0.10", 1), Silo("10.0.0.1", 1), Silo("10.0.0.3", 1),
    ];

    [Fact]
    public void Each_silo_watches_the_next_ones_on_a_ring_ordered_by_address_then_port_and_wraps_around()
    {
        // Ring: 10.0.0.1:1, 10.0.0.1:2, 10.0.0.2:1, 10.0.0.3:1, 10.0.0.10:1 (bytes, not text: .10 comes last).
        Assert.Equal([Silo("10.0.0.1", 2), Silo("10.0.0.2", 1), Silo("10.0.0.3", 1)], MembershipRing.Successors(Silos, Silo("10.0.0.1", 1), 3));
        Assert.Equal([Silo("10.0.0.1", 1), Silo("10.0.0.1", 2)], MembershipRing.Successors(Silos, Silo("10.0.0.10", 1), 2));
    }

    [Fact]
    public void A_silo_watches_at_most_all_the_others_and_nobody_when_it_is_not_on_the_ring()
    {
        Assert.Equal(4, MembershipRing.Successors(Silos, Silos[0], 10).Count);
        Assert.DoesNotContain(Silos[0], MembershipRing.Successors(Silos, Silos[0], 10));
        Assert.Empty(MembershipRing.Successors(Silos, Silo("10.0.0.9", 1), 3));
    }

    private static SiloAddress Silo(string address, int port) => new(new IPEndPoint(IPAddress.Parse(address), 11110 + port), 1);
}
