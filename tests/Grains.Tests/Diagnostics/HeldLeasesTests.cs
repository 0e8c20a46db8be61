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

    [Fact]
    public void Two_shared_holders_of_one_resource_are_listed_as_two_rows()
    {
        var time = new FakeTimeProvider();
        var leases = new HeldLeases(time);
        leases.HeldShared("doc", "reader-1", 5, TimeSpan.FromSeconds(10), time.GetUtcNow());
        leases.HeldShared("doc", "reader-2", 5, TimeSpan.FromSeconds(20), time.GetUtcNow());
        leases.HeldShared("doc", "reader-1", 5, TimeSpan.FromSeconds(30), time.GetUtcNow());

        var (soonest, total) = leases.List();

        Assert.Equal(2, total);
        Assert.Equal(2, leases.CountHeld());
        Assert.Equal([("doc", "reader-2", 20), ("doc", "reader-1", 30)], soonest.Select(l => (l.Resource, l.Holder, (int)l.Remaining.TotalSeconds)));
    }

    [Fact]
    public void A_shared_holders_end_leaves_the_other_holders_listed()
    {
        var time = new FakeTimeProvider();
        var leases = new HeldLeases(time);
        leases.HeldShared("doc", "reader-1", 5, TimeSpan.FromSeconds(10), time.GetUtcNow());
        leases.HeldShared("doc", "reader-2", 5, TimeSpan.FromSeconds(10), time.GetUtcNow());
        leases.HeldShared("doc", "reader-3", 5, TimeSpan.FromSeconds(10), time.GetUtcNow());

        leases.EndedShared("doc", "reader-1");
        leases.EndedShared("doc", "stranger");

        Assert.Equal(["reader-2", "reader-3"], leases.List().Soonest.Select(l => l.Holder).Order());
        Assert.Equal(2, leases.CountHeld());

        leases.EndedShared("doc", "reader-2");
        leases.EndedShared("doc", "reader-3");

        Assert.Equal(0, leases.List().Total);
        Assert.Equal(0, leases.CountHeld());
    }

    [Fact]
    public void An_exclusive_grant_after_shared_holds_replaces_them_and_a_shared_grant_replaces_an_ended_exclusive_one()
    {
        var time = new FakeTimeProvider();
        var leases = new HeldLeases(time);
        leases.HeldShared("doc", "reader-1", 5, TimeSpan.FromSeconds(10), time.GetUtcNow());
        leases.HeldShared("doc", "reader-2", 5, TimeSpan.FromSeconds(10), time.GetUtcNow());

        leases.Held("doc", "writer", 6, TimeSpan.FromSeconds(10), time.GetUtcNow());

        var writer = Assert.Single(leases.List().Soonest);
        Assert.Equal(("writer", 6L), (writer.Holder, writer.Fence));
        Assert.Equal(1, leases.CountHeld());

        leases.HeldShared("doc", "reader-3", 7, TimeSpan.FromSeconds(10), time.GetUtcNow());

        var reader = Assert.Single(leases.List().Soonest);
        Assert.Equal(("reader-3", 7L), (reader.Holder, reader.Fence));
    }

    [Fact]
    public void Counting_holders_counts_each_shared_holder_and_leaves_out_the_ones_whose_time_ran_out()
    {
        var time = new FakeTimeProvider();
        var leases = new HeldLeases(time);
        leases.Held("orders", "worker", 1, TimeSpan.FromSeconds(60), time.GetUtcNow());
        leases.HeldShared("doc", "reader-1", 5, TimeSpan.FromSeconds(1), time.GetUtcNow());
        leases.HeldShared("doc", "reader-2", 5, TimeSpan.FromSeconds(60), time.GetUtcNow());
        leases.HeldShared("doc", "reader-3", 5, TimeSpan.FromSeconds(60), time.GetUtcNow());

        Assert.Equal(4, leases.CountHeld());

        time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(3, leases.CountHeld());
        Assert.Equal(3, leases.List(limit: 1).Total);
    }

    [Fact]
    public void An_exclusive_end_forgets_every_holder_of_the_resource()
    {
        var time = new FakeTimeProvider();
        var leases = new HeldLeases(time);
        leases.HeldShared("doc", "reader-1", 5, TimeSpan.FromSeconds(10), time.GetUtcNow());
        leases.HeldShared("doc", "reader-2", 5, TimeSpan.FromSeconds(10), time.GetUtcNow());

        leases.Ended("doc");

        Assert.Equal(0, leases.CountHeld());
        Assert.Empty(leases.List().Soonest);
    }
}
