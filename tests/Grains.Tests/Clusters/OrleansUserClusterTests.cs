using System.Text;
using Leasehold.Testing;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace Leasehold.Grains.Tests.Clusters;

/// <summary>
/// The story of the notes on a real Orleans cluster that an Orleans user built: a lease, its fence, a silo killed under
/// it, the next holder's larger fence, and the late write of the first holder refused by the store.
/// </summary>
public sealed class OrleansUserClusterTests
{
    [Fact]
    public async Task Fences_keep_growing_across_a_killed_silo_and_the_old_holders_late_write_is_refused()
    {
        using var database = new TempDatabase();
        await using var cluster = await LeaseholdSilos.StartAsync(3, LeaseholdSilos.Configuration(database));
        var lease = cluster.Client.GetGrain<ILeaseGrain>("orders");

        var alice = Assert.IsType<LeaseResult.Granted>(await lease.AcquireAsync(new AcquireLease("alice", TimeSpan.FromSeconds(1), TimeSpan.Zero))).Lease;
        Assert.IsType<WriteResult.Accepted>(await PutAsync(cluster, "orders.txt", "alice's report", alice.Token));

        // Kill the silo the lease grain lives on: no goodbye, its activation is gone with it.
        var host = await cluster.Client.GetGrain<IManagementGrain>(0).GetActivationAddress(lease);
        var victim = cluster.Silos.Single(s => s.SiloAddress.Equals(host));
        await cluster.KillSiloAsync(victim);

        // The grain comes back on a survivor from storage; bob waits in line until alice's lease is surely over.
        var bob = await LeaseholdSilos.UntilAsync(async () => await lease.AcquireAsync(new AcquireLease("bob", TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(4))) as LeaseResult.Granted)
            ?? throw new Xunit.Sdk.XunitException($"bob was never granted the lease within {LeaseholdSilos.FailoverBound.TotalSeconds} s of the kill");

        Assert.True(bob.Lease.Fence > alice.Fence, $"bob's fence {bob.Lease.Fence} is not above alice's {alice.Fence}");
        Assert.IsType<WriteResult.Accepted>(await PutAsync(cluster, "orders.txt", "bob's report", bob.Lease.Token));
        var late = Assert.IsType<WriteResult.StaleFence>(await PutAsync(cluster, "orders.txt", "alice's late write", alice.Token));
        Assert.Equal(bob.Lease.Fence, late.HighestFence);
        var stored = await cluster.Client.GetGrain<IObjectShardGrain>(ObjectShards.ShardOf("orders.txt", 64)).GetAsync("orders.txt");
        Assert.Equal("bob's report", Encoding.UTF8.GetString(stored!.Value));
    }

    private static async Task<WriteResult> PutAsync(InProcessTestCluster cluster, string key, string text, string token) =>
        await LeaseholdSilos.UntilAsync(() => cluster.Client.GetGrain<IObjectShardGrain>(ObjectShards.ShardOf(key, 64))
            .PutAsync(new PutObject(key, Encoding.UTF8.GetBytes(text), "text/plain", token))!)
        ?? throw new Xunit.Sdk.XunitException($"the write of {key} never got an answer within {LeaseholdSilos.FailoverBound.TotalSeconds} s");

}
