using FsCheck;
using FsCheck.Fluent;
using Leasehold.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace Leasehold.Grains.Tests.Diagnostics;

public sealed class HeldLeasesTests
{
    [Fact]
    public void The_bounded_list_is_the_head_of_the_full_list_sorted_by_expiry()
    {
        Prop.ForAll<int[], PositiveInt>((ttlSeconds, limit) =>
        {
            var time = new FakeTimeProvider();
            var leases = new HeldLeases(time);
            var ttls = (ttlSeconds ?? []).Select(t => Math.Abs(t % 1000) + 1).ToArray();
            for (var i = 0; i < ttls.Length; i++)
            {
                leases.Held($"r{i}", "h", i, TimeSpan.FromSeconds(ttls[i]), time.GetUtcNow());
            }

            var (soonest, total) = leases.List(limit.Get);

            var expected = ttls.Select((ttl, i) => (ttl, i)).OrderBy(p => p.ttl).Take(limit.Get).Select(p => p.ttl).ToArray();
            return total == ttls.Length && soonest.Select(l => (int)l.Remaining.TotalSeconds).SequenceEqual(expected);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_lease_whose_time_ran_out_is_neither_listed_nor_counted()
    {
        var time = new FakeTimeProvider();
        var leases = new HeldLeases(time);
        leases.Held("short", "h", 1, TimeSpan.FromSeconds(1), time.GetUtcNow());
        leases.Held("long", "h", 2, TimeSpan.FromSeconds(60), time.GetUtcNow());

        time.Advance(TimeSpan.FromSeconds(2));

        var (soonest, total) = leases.List();
        Assert.Equal(1, total);
        Assert.Equal(1, leases.CountHeld());
        Assert.Equal("long", Assert.Single(soonest).Resource);
    }
}
