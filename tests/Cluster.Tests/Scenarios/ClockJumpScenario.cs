using System.Diagnostics;
using System.Net;
using Leasehold.Grains;
using Leasehold.Testing;

namespace Leasehold.Cluster.Tests.Scenarios;

/// <summary>
/// The wall clock of the lease grain's silo jumps. While the grain lives, lease timing is on the monotonic clock and
/// does not move. After a failover the lease is recovered from its stored wall-clock expiry plus the confidence
/// interval (<c>Leases:ClockUncertainty</c>, 1 s): a clock error within it is absorbed; one beyond it can end a lease
/// early, and then the fence is what keeps the old holder's write out.
/// </summary>
public sealed class ClockJumpScenario
{
    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task Jumps_of_the_wall_clock_forward_and_back_do_not_move_a_leases_expiry(StorageProvider storage)
    {
        await using var cluster = await Scenario.StartAsync(3, Fencing.On, storage);
        var owner = await cluster.HostOfLeaseAsync("orders");
        var entry = cluster.Silos.First(s => s != owner).Http;
        var sent = Stopwatch.StartNew();
        var first = await Scenario.AcquireOkAsync(entry, "orders", "client-1", ttlMs: 2_000);

        await cluster.SkewClockAsync(owner, TimeSpan.FromHours(1));
        using var whileAhead = await Scenario.AcquireAsync(entry, "orders", "client-2", ttlMs: 2_000);
        await cluster.SkewClockAsync(owner, TimeSpan.FromHours(-1));
        using var whileBehind = await Scenario.AcquireAsync(entry, "orders", "client-2", ttlMs: 2_000);
        var second = await Scenario.AcquireOkAsync(entry, "orders", "client-2", ttlMs: 2_000, waitMs: 5_000);
        var grantedAfter = sent.Elapsed;

        Assert.Equal(HttpStatusCode.Conflict, whileAhead.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, whileBehind.StatusCode);
        Assert.Equal(first.Fence + 1, second.Fence);
        Assert.True(grantedAfter >= TimeSpan.FromMilliseconds(2_000), $"client 2 was granted {grantedAfter.TotalMilliseconds:0} ms after client 1 asked for 2000 ms");
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task After_failover_a_lease_from_a_clock_wrong_by_less_than_the_confidence_interval_is_honoured_to_its_end(StorageProvider storage)
    {
        await using var cluster = await Scenario.StartAsync(3, Fencing.On, storage);
        var owner = await cluster.HostOfLeaseAsync("orders");
        var entry = cluster.Silos.First(s => s != owner).Http;
        await cluster.SkewClockAsync(owner, TimeSpan.FromMilliseconds(-500));
        var sent = Stopwatch.StartNew();
        await Scenario.AcquireOkAsync(entry, "orders", "client-1", ttlMs: 3_000);

        await cluster.KillSiloAsync(owner);
        var second = await Scenario.AcquireOkAsync(entry, "orders", "client-2", ttlMs: 3_000, waitMs: 10_000);
        var grantedAfter = sent.Elapsed;

        Assert.Equal(2, second.Fence);
        Assert.True(grantedAfter >= TimeSpan.FromMilliseconds(3_000), $"client 2 was granted {grantedAfter.TotalMilliseconds:0} ms after client 1 asked for 3000 ms");
    }

    [Theory]
    [OnSqlite(Fencing.On)]
    [OnSqlite(Fencing.Off)]
    [OnPostgres(Fencing.On)]
    [OnPostgres(Fencing.Off)]
    public async Task After_failover_a_clock_wrong_by_more_than_the_interval_ends_a_lease_early_and_the_fence_refuses_the_old_holder(Fencing fencing, StorageProvider storage)
    {
        await using var cluster = await Scenario.StartAsync(3, fencing, storage);
        var owner = await cluster.HostOfLeaseAsync("orders");
        var (entry, other) = (cluster.Silos.First(s => s != owner).Http, cluster.Silos.Last(s => s != owner).Http);
        await cluster.SkewClockAsync(owner, TimeSpan.FromSeconds(-30));
        var sent = Stopwatch.StartNew();
        var client1 = await Scenario.AcquireOkAsync(entry, "orders", "client-1", ttlMs: 20_000);

        // The stored expiry is 30 s behind: once recovered on a survivor the lease looks long over.
        await cluster.KillSiloAsync(owner);
        var client2 = await Scenario.AcquireOkAsync(other, "orders", "client-2", ttlMs: 20_000, waitMs: 10_000);
        var write2 = await Scenario.WriteAsync(other, "orders-file", client2.Token, "written by client 2");
        var client1BelievesItHolds = sent.Elapsed < TimeSpan.FromMilliseconds(client1.TtlMs);
        var write1 = await Scenario.WriteAsync(entry, "orders-file", client1.Token, "written by client 1 within its ttl");
        var stored = await Scenario.ReadAsync(other, "orders-file");

        Assert.True(client1BelievesItHolds, "client 2 should have been granted while client 1's own clock said its lease still ran");
        Assert.Equal(HttpStatusCode.OK, write2);
        if (fencing == Fencing.On)
        {
            Assert.Equal(HttpStatusCode.Conflict, write1);
            Assert.Equal("written by client 2", stored);
        }
        else
        {
            Assert.Equal(HttpStatusCode.OK, write1);
            Assert.Equal("written by client 1 within its ttl", stored);
        }
    }
}
