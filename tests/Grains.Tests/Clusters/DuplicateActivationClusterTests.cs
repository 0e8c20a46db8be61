using System.Text;
using Leasehold.Testing;
using Orleans.TestingHost;

namespace Leasehold.Grains.Tests.Clusters;

/// <summary>
/// Orleans says two activations of one grain can briefly exist while membership changes, and a silo declared dead runs on
/// until it reads the table. Two single-silo clusters over one database (same service id, so the same grain state) make
/// that state last as long as the test wants: each has its own activation of one lease grain and one object shard.
/// </summary>
public sealed class DuplicateActivationClusterTests
{
    [Fact]
    public async Task Two_activations_of_one_lease_never_issue_one_fence_twice()
    {
        await using var pair = await TwoClusters.StartAsync();
        var (left, right) = (pair.Left, pair.Right);
        var onLeft = left.Client.GetGrain<ILeaseGrain>("contended");
        var onRight = right.Client.GetGrain<ILeaseGrain>("contended");

        // Both activations read the same empty state before either grants.
        Assert.Equal(0, (await onLeft.GetAsync()).Fence);
        Assert.Equal(0, (await onRight.GetAsync()).Fence);

        var granted = Assert.IsType<LeaseResult.Granted>(await onLeft.AcquireAsync(new AcquireLease("left", TimeSpan.FromMinutes(1), TimeSpan.Zero)));

        // The right activation still believes the lease is free; its grant of fence 1 loses the compare-and-swap, it
        // re-reads, and reports the lease held by the left's holder instead of granting the same fence again.
        var refused = Assert.IsType<LeaseResult.Held>(await onRight.AcquireAsync(new AcquireLease("right", TimeSpan.FromMinutes(1), TimeSpan.Zero)));
        Assert.Equal(granted.Lease.Fence, refused.Fence);
        Assert.Equal("left", refused.Holder);
    }

    [Fact]
    public async Task Concurrent_grants_through_two_activations_are_all_distinct_fences()
    {
        await using var pair = await TwoClusters.StartAsync();
        var (left, right) = (pair.Left, pair.Right);

        // Each side takes and gives back the lease as fast as it can; every grant either activation answers is recorded.
        var fences = await Task.WhenAll(
            CycleAsync(left.Client.GetGrain<ILeaseGrain>("hammered"), "left"),
            CycleAsync(right.Client.GetGrain<ILeaseGrain>("hammered"), "right"));

        var all = fences.SelectMany(f => f).ToList();
        // Whichever activation grants first, the other loses its compare-and-swap, learns of that lease and waits it out, so
        // how the grants split between them depends on timing; every grant of either is checked.
        Assert.NotEmpty(all);
        Assert.Equal(all.Count, all.Distinct().Count());
    }

    [Fact]
    public async Task A_stale_write_through_another_activation_of_the_shard_is_refused()
    {
        await using var pair = await TwoClusters.StartAsync();
        var (left, right) = (pair.Left, pair.Right);
        var shard = ObjectShards.ShardOf("report.txt", 64);

        var first = Assert.IsType<LeaseResult.Granted>(await left.Client.GetGrain<ILeaseGrain>("report")
            .AcquireAsync(new AcquireLease("first", TimeSpan.FromMilliseconds(100), TimeSpan.Zero))).Lease;
        var second = await left.Client.GetGrain<ILeaseGrain>("report").AcquireAsync(new AcquireLease("second", TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(4)));
        var next = Assert.IsType<LeaseResult.Granted>(second).Lease;

        Assert.IsType<WriteResult.Accepted>(await right.Client.GetGrain<IObjectShardGrain>(shard).PutAsync(Put(next.Token, "second")));
        var late = Assert.IsType<WriteResult.StaleFence>(await left.Client.GetGrain<IObjectShardGrain>(shard).PutAsync(Put(first.Token, "first, late")));

        Assert.Equal(first.Fence, late.Fence);
        Assert.Equal(next.Fence, late.HighestFence);
        var stored = await left.Client.GetGrain<IObjectShardGrain>(shard).GetAsync("report.txt");
        Assert.Equal("second", Encoding.UTF8.GetString(stored!.Value));
    }

    [Fact]
    public async Task A_watcher_that_reconnects_to_a_stale_activation_is_never_sent_back_to_older_changes()
    {
        await using var pair = await TwoClusters.StartAsync();
        var (left, right) = (pair.Left, pair.Right);
        var onLeft = left.Client.GetGrain<ILeaseGrain>("followed");
        var stale = right.Client.GetGrain<ILeaseWatchGrain>("followed");

        // The right activation reads the lease after its first change; the left one then changes it three more times.
        var first = Assert.IsType<LeaseResult.Granted>(await onLeft.AcquireAsync(new AcquireLease("alice", TimeSpan.FromMinutes(1), TimeSpan.Zero))).Lease;
        Assert.Equal(1, (await stale.GetChangesAsync(0)).Index);
        await onLeft.RenewAsync(new RenewLease(first.LeaseId, null));
        await onLeft.ReleaseAsync(first.LeaseId);
        Assert.IsType<LeaseResult.Granted>(await onLeft.AcquireAsync(new AcquireLease("bob", TimeSpan.FromMinutes(1), TimeSpan.Zero)));
        var seen = await left.Client.GetGrain<ILeaseWatchGrain>("followed").GetChangesAsync(0);
        Assert.Equal([1L, 2, 3, 4], seen.Changes.Select(c => c.Id));

        // A watcher that saw id 2 through the left, and one that saw all four, reconnect through the stale activation: it
        // catches up from storage and continues where each left off, instead of a reset back to its own id 1.
        var resumed = await stale.GetChangesAsync(2);
        Assert.False(resumed.Reset, "a watcher within the history resumes");
        Assert.Equal([(3L, LeaseChangeKind.Released, "alice"), (4L, LeaseChangeKind.Granted, "bob")], resumed.Changes.Select(c => (c.Id, c.Kind, c.Holder)));
        var current = await stale.GetChangesAsync(4);
        Assert.False(current.Reset, "a watcher at the latest id waits for the next change");
        Assert.Equal(4, current.Index);
        Assert.Empty(current.Changes);
        Assert.Equal("bob", current.Lease.Holder);
    }

    private static PutObject Put(string token, string text) => new("report.txt", Encoding.UTF8.GetBytes(text), "text/plain", token);

    /// <summary>40 acquire-release cycles (bounded), returning the fences this side was granted.</summary>
    private static async Task<List<long>> CycleAsync(ILeaseGrain lease, string holder)
    {
        var fences = new List<long>();
        for (var i = 0; i < 40; i++)
        {
            if (await lease.AcquireAsync(new AcquireLease(holder, TimeSpan.FromSeconds(5), TimeSpan.Zero)) is LeaseResult.Granted granted)
            {
                fences.Add(granted.Lease.Fence);
                await lease.ReleaseAsync(granted.Lease.LeaseId);
            }
        }

        return fences;
    }

    /// <summary>Two single-silo clusters over one fresh database, with one service id: each activates its own copy of every grain.</summary>
    private sealed class TwoClusters : IAsyncDisposable
    {
        private readonly TempDatabase _database;

        private TwoClusters(TempDatabase database, InProcessTestCluster left, InProcessTestCluster right) => (_database, Left, Right) = (database, left, right);

        public InProcessTestCluster Left { get; }

        public InProcessTestCluster Right { get; }

        public static async Task<TwoClusters> StartAsync()
        {
            var database = new TempDatabase();
            var configuration = LeaseholdSilos.Configuration(database);
            var left = await LeaseholdSilos.StartAsync(1, configuration, serviceId: "duplicates");
            var right = await LeaseholdSilos.StartAsync(1, configuration, serviceId: "duplicates");
            return new TwoClusters(database, left, right);
        }

        public async ValueTask DisposeAsync()
        {
            await Right.DisposeAsync();
            await Left.DisposeAsync();
            _database.Dispose();
        }
    }
}
