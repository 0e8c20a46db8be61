using System.Net;
using Leasehold.Grains;
using Leasehold.Testing;
using Leasehold.NodeCluster;
using Orleans.Runtime;

namespace Leasehold.Cluster.Tests.Scenarios;

/// <summary>
/// A partition cuts one silo — the one hosting a lease and the object's shard — off from the other two; all three
/// still reach the database. The minority keeps serving its client for a moment; the majority votes it Dead and
/// grants the lease again. Whatever the minority still does, the store accepts only the newest fence.
/// </summary>
public sealed class MinorityPartitionScenario
{
    [Theory]
    [OnSqlite(Fencing.On)]
    [OnSqlite(Fencing.Off)]
    [OnPostgres(Fencing.On)]
    [OnPostgres(Fencing.Off)]
    public async Task An_isolated_minority_silo_keeps_acting_but_the_store_accepts_only_the_newest_fence(Fencing fencing, StorageProvider storage)
    {
        await using var cluster = await Scenario.StartAsync(3, fencing, storage);
        var minority = await cluster.HostOfLeaseAsync("orders");
        var majority = cluster.Silos.Where(s => s != minority).ToList();
        var key = await KeyWhoseShardIsOnAsync(cluster, minority);
        var clientA = await Scenario.AcquireOkAsync(minority.Http, "orders", "client-a", ttlMs: 1_500);

        await cluster.IsolateAsync(minority);

        // The minority silo owns both grains in its own view and still reaches the database: it serves client A.
        var firstWriteA = await Scenario.WriteAsync(minority.Http, key, clientA.Token, "a: first");
        await Eventually.True(
            () => majority.All(s => s.StatusOf(minority) == SiloStatus.Dead),
            Scenario.Bound, "the majority declares the isolated silo dead");
        var clientB = await Scenario.AcquireOkAsync(majority[0].Http, "orders", "client-b", ttlMs: 10_000, waitMs: 10_000);
        var writeB = await Scenario.WriteAsync(majority[1].Http, key, clientB.Token, "b: newest");

        // Client A never learnt that its lease ended; it writes again.
        var lateWriteA = await Scenario.WriteAsync(majority[0].Http, key, clientA.Token, "a: late");
        var stored = await Scenario.ReadAsync(majority[1].Http, key);
        await Eventually.True(() => minority.Faults.IsKilled, Scenario.Bound, "the isolated silo reads itself dead and stops itself");

        Assert.Equal(HttpStatusCode.OK, firstWriteA);
        Assert.Equal(HttpStatusCode.OK, writeB);
        Assert.True(clientB.Fence > clientA.Fence);
        if (fencing == Fencing.On)
        {
            Assert.Equal(HttpStatusCode.Conflict, lateWriteA);
            Assert.Equal("b: newest", stored);
        }
        else
        {
            Assert.Equal(HttpStatusCode.OK, lateWriteA);
            Assert.Equal("a: late", stored);
        }
    }

    /// <summary>An object key whose shard grain is activated on <paramref name="silo"/> (Orleans places shards by its placement strategy).</summary>
    private static async Task<string> KeyWhoseShardIsOnAsync(TestCluster cluster, TestSilo silo)
    {
        foreach (var key in Enumerable.Range(0, 1_000).Select(i => $"orders-{i}"))
        {
            if (await cluster.HostOfShardAsync(ObjectShards.ShardOf(key, 64)) == silo)
            {
                return key;
            }
        }

        throw new InvalidOperationException($"No object shard was activated on {silo}.");
    }
}
