using System.Text;
using Leasehold.Testing;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace Leasehold.Grains.Tests.Clusters;

/// <summary>
/// Read-write locks on a real Orleans cluster: a writer paused past its TTL is followed by readers with a fence of their
/// own, their tokens cannot write, and the writer after them fences the paused one out; and the silo hosting the lease is
/// killed while readers hold it: no writer is let in before the readers' stored expiries plus the clock bound.
/// </summary>
public sealed class ReadWriteLockFailoverTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task After_a_writer_paused_past_its_ttl_readers_get_a_fence_above_it_cannot_write_and_the_next_writer_fences_it_out()
    {
        using var database = new TempDatabase();
        await using var cluster = await LeaseholdSilos.StartAsync(2, LeaseholdSilos.Configuration(database));
        var lease = cluster.Client.GetGrain<ILeaseGrain>("catalog");
        var paused = Assert.IsType<LeaseResult.Granted>(await lease.AcquireAsync(new AcquireLease("writer-1", TimeSpan.FromSeconds(1), TimeSpan.Zero))).Lease;
        Assert.IsType<WriteResult.Accepted>(await PutAsync(cluster, "catalog.txt", "v1", paused.Token));

        // writer-1 stops the world: it neither renews nor releases, and its lease runs out.
        await Eventually.True(async () => !(await lease.GetAsync()).Held, Bound, "the paused writer's lease to expire");
        var readers = new List<Lease>();
        foreach (var reader in new[] { "reader-1", "reader-2" })
        {
            readers.Add(Assert.IsType<LeaseResult.Granted>(await lease.AcquireAsync(new AcquireLease(reader, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(4), Mode: LeaseMode.Shared))).Lease);
        }

        Assert.All(readers, r => Assert.Equal(paused.Fence + 1, r.Fence));
        Assert.Equal(new WriteResult.SharedLease(readers[0].Fence), await PutAsync(cluster, "catalog.txt", "reader's", readers[0].Token));
        foreach (var reader in readers)
        {
            Assert.IsType<LeaseResult.Released>(await lease.ReleaseAsync(reader.LeaseId));
        }

        var next = Assert.IsType<LeaseResult.Granted>(await lease.AcquireAsync(new AcquireLease("writer-2", TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(4)))).Lease;
        Assert.Equal(readers[0].Fence + 1, next.Fence);
        Assert.IsType<WriteResult.Accepted>(await PutAsync(cluster, "catalog.txt", "v2", next.Token));
        Assert.IsType<WriteResult.StaleFence>(await PutAsync(cluster, "catalog.txt", "late", paused.Token));
    }

    [Fact]
    public async Task With_the_leases_silo_killed_under_readers_no_writer_is_granted_before_their_stored_expiries_plus_the_clock_bound()
    {
        var uncertainty = TimeSpan.FromSeconds(2);
        using var database = new TempDatabase();
        await using var cluster = await LeaseholdSilos.StartAsync(3, LeaseholdSilos.Configuration(database, ("Leases:ClockUncertainty", "00:00:02")));
        var lease = cluster.Client.GetGrain<ILeaseGrain>("catalog");
        var readers = new List<Lease>();
        foreach (var reader in new[] { "reader-1", "reader-2" })
        {
            readers.Add(Assert.IsType<LeaseResult.Granted>(await lease.AcquireAsync(new AcquireLease(reader, TimeSpan.FromSeconds(8), TimeSpan.Zero, Mode: LeaseMode.Shared))).Lease);
        }

        var host = await cluster.Client.GetGrain<IManagementGrain>(0).GetActivationAddress(lease);
        await cluster.KillSiloAsync(cluster.Silos.Single(s => s.SiloAddress.Equals(host)));

        // The survivor takes the readers over from storage; a writer waits in line until it may have the lease.
        var granted = await LeaseholdSilos.UntilAsync(async () =>
            await lease.AcquireAsync(new AcquireLease("writer", TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(4))) as LeaseResult.Granted)
            ?? throw new Xunit.Sdk.XunitException($"no writer was granted within {LeaseholdSilos.FailoverBound.TotalSeconds} s");
        // Read after the answer came, so it is no earlier than the grant: the survivor let the writer in only once both
        // readers were surely over by its own wall clock (one machine: the clock the expiries were stored by).
        var answeredAt = TimeProvider.System.GetUtcNow();

        var lastExpiry = readers.Max(r => r.ExpiresAtUtc);
        Assert.True(answeredAt >= lastExpiry + uncertainty, $"the writer was granted by {answeredAt:O}, before the readers' last stored expiry {lastExpiry:O} plus {uncertainty}");
        Assert.Equal(readers[0].Fence + 1, granted.Lease.Fence);
        var changes = await cluster.Client.GetGrain<ILeaseWatchGrain>("catalog").GetChangesAsync(0);
        Assert.Equal(2, changes.Changes.Count(c => c is { Kind: LeaseChangeKind.Lost, Mode: LeaseMode.Shared }));
    }

    private static Task<WriteResult> PutAsync(InProcessTestCluster cluster, string key, string text, string token) =>
        cluster.Client.GetGrain<IObjectShardGrain>(ObjectShards.ShardOf(key, 64)).PutAsync(new PutObject(key, Encoding.UTF8.GetBytes(text), "text/plain", token));
}
