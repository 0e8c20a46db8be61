using System.Threading.Channels;
using Leasehold.Client;
using Leasehold.NodeCluster;
using Leasehold.Testing;
using Orleans.Runtime;
using Xunit.Abstractions;

namespace Leasehold.Cluster.Tests;

/// <summary>
/// Watches across failover: the lease's history lives in its durable state, so the change ids continue on the activation
/// that takes over, a watch that stays connected through another silo follows on, and one that reconnects after the
/// fault with its last id is given every retained change it missed — the end of the lease its holder had when the silo
/// went away (lost: nobody on the old activation saw it expire) included. Under a partition the cut-off silo still
/// serves its watchers what it knows; when it stops itself they resume on the majority with their last id, and are
/// given the missed changes in order or, if those are no longer retained, a reset: never a silent gap.
/// </summary>
public sealed class WatchFailoverTests(ITestOutputHelper output)
{
    private const string Resource = "watched";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Theory]
    [OnSqlite("kill")]
    [OnSqlite("pause")]
    [OnPostgres("kill")]
    public async Task A_watch_follows_a_lease_through_the_loss_of_its_silo_and_a_reconnecting_watch_gets_every_retained_change_with_ids_continuing(string how, StorageProvider storage)
    {
        await using var cluster = await new TestClusterBuilder(3).On(storage).WithSetting("Watches:Refresh", "00:00:00.500").BuildAndStartAsync();
        var victim = await cluster.HostOfLeaseAsync(Resource);
        var survivors = cluster.RunningSilos.Where(s => s != victim).ToList();
        using var stop = new CancellationTokenSource(Bound * 2);
        using var client = new LeaseholdClient(survivors[0].Http.BaseAddress!);
        using var other = new LeaseholdClient(survivors[1].Http.BaseAddress!);
        var live = Follow(client.WatchLeaseAsync(Resource, cancellationToken: stop.Token));
        Assert.Equal(LeaseEventKind.Reset, (await NextAsync(live)).Kind);

        var alice = await client.AcquireAsync(Resource, "alice", TimeSpan.FromSeconds(3));
        await client.RenewAsync(Resource, alice.LeaseId);
        Assert.Equal((LeaseEventKind.Granted, 1L), Describe(await NextAsync(live)));
        Assert.Equal((LeaseEventKind.Renewed, 2L), Describe(await NextAsync(live)));

        // Alice's silo goes away holding her lease; she never renews or releases it.
        if (how == "kill")
        {
            await cluster.KillSiloAsync(victim);
        }
        else
        {
            await cluster.PauseSiloAsync(victim, TimeSpan.FromMinutes(5));
            await Eventually.True(() => survivors.All(s => s.StatusOf(victim) == SiloStatus.Dead), Bound, "the survivors declare the paused silo dead");
        }

        // The watch renews its subscription on the lease's new activation, which took the lease over from storage.
        var lost = await NextAsync(live, Bound);
        Assert.Equal((LeaseEventKind.Lost, 3L), Describe(lost));
        Assert.Equal(("alice", 1L), (lost.Holder, lost.Fence!.Value));
        var bob = await other.AcquireAsync(Resource, "bob", TimeSpan.FromSeconds(30), wait: TimeSpan.FromSeconds(10));
        Assert.Equal(2, bob.Fence);
        var granted = await NextAsync(live, Bound);
        Assert.Equal((LeaseEventKind.Granted, 4L), Describe(granted));
        Assert.Equal("bob", granted.Holder);

        // A watcher that saw only the first grant (before the fault) reconnects through the other survivor.
        var late = Follow(other.WatchLeaseAsync(Resource, after: 1, cancellationToken: stop.Token));
        var missed = new[] { await NextAsync(late), await NextAsync(late), await NextAsync(late) };
        Assert.Equal([(LeaseEventKind.Renewed, 2L), (LeaseEventKind.Lost, 3L), (LeaseEventKind.Granted, 4L)], missed.Select(Describe));
        Assert.Equal(["alice", "alice", "bob"], missed.Select(e => e.Holder!));

        if (how == "pause")
        {
            // The woken silo reads itself dead and stops; its stale activation's history never overwrites the survivor's.
            await cluster.ResumeSiloAsync(victim);
            await Eventually.True(() => victim.Faults.IsKilled && !victim.IsRunning, Bound, "the woken silo stops itself");
            await client.ReleaseAsync(Resource, bob.LeaseId);
            Assert.Equal((LeaseEventKind.Released, 5L), Describe(await NextAsync(live, Bound)));
        }

        output.WriteLine($"{how}: the watch through {survivors[0]} followed ids 1–4 across the loss of {victim}.");
    }

    [Theory]
    [OnSqlite(16)]
    [OnSqlite(2)]
    public async Task A_watch_through_a_silo_cut_off_from_the_majority_resumes_on_the_majority_with_its_last_id_and_misses_nothing_retained(int retained, StorageProvider storage)
    {
        await using var cluster = await new TestClusterBuilder(3).On(storage)
            .WithSetting("Watches:Refresh", "00:00:00.500").WithSetting("Leases:WatchHistory", $"{retained}").BuildAndStartAsync();
        var victim = await cluster.HostOfLeaseAsync(Resource);
        var majority = cluster.RunningSilos.Where(s => s != victim).ToList();
        using var stop = new CancellationTokenSource(Bound * 2);

        // The watcher reaches the cluster through a balancer that sends it to the lease's silo, until that silo is gone.
        using var front = new FrontDoor(victim.Http.BaseAddress!);
        using var frontHttp = new HttpClient(front) { BaseAddress = front.Address };
        using var watcher = new LeaseholdClient(frontHttp);
        using var minorityClient = new LeaseholdClient(victim.Http.BaseAddress!);
        using var majorityClient = new LeaseholdClient(majority[0].Http.BaseAddress!);
        var watch = Follow(watcher.WatchLeaseAsync(Resource, cancellationToken: stop.Token));
        Assert.Equal(LeaseEventKind.Reset, (await NextAsync(watch)).Kind);
        var alice = await minorityClient.AcquireAsync(Resource, "alice", TimeSpan.FromSeconds(3));
        await minorityClient.RenewAsync(Resource, alice.LeaseId);
        Assert.Equal((LeaseEventKind.Granted, 1L), Describe(await NextAsync(watch)));
        Assert.Equal((LeaseEventKind.Renewed, 2L), Describe(await NextAsync(watch)));

        // Cut the lease's silo off from the other two; all three still reach the database.
        await cluster.IsolateAsync(victim);
        await Eventually.True(() => majority.All(s => s.StatusOf(victim) == SiloStatus.Dead), Bound, "the majority declares the isolated silo dead");

        // The majority takes the lease over and hands it on; the cut-off silo serves its watcher only what it knows.
        var bob = await majorityClient.AcquireAsync(Resource, "bob", TimeSpan.FromSeconds(30), wait: TimeSpan.FromSeconds(10));
        await majorityClient.RenewAsync(Resource, bob.LeaseId);
        await majorityClient.RenewAsync(Resource, bob.LeaseId);
        Assert.Equal(2, bob.Fence);
        await Eventually.True(() => victim.Faults.IsKilled && !victim.IsRunning, Bound, "the isolated silo reads itself dead and stops itself");

        // The balancer fails the watcher over; the client reconnects with the last id it saw.
        front.PointAt(majority[1].Http.BaseAddress!);
        var resumed = await ChangesUntilAsync(watch, 6);
        if (retained >= 6)
        {
            // Alice's end is told once: lost (the majority took the lease over) or expired (the cut-off silo recorded it first).
            Assert.Equal([3L, 4L, 5L, 6L], resumed.Select(e => e.Id));
            Assert.Contains(resumed[0].Kind, new[] { LeaseEventKind.Lost, LeaseEventKind.Expired });
            Assert.Equal([LeaseEventKind.Granted, LeaseEventKind.Renewed, LeaseEventKind.Renewed], resumed.Skip(1).Select(e => e.Kind));
            Assert.Equal([("alice", 1L), ("bob", 2L), ("bob", 2L), ("bob", 2L)], resumed.Select(e => (e.Holder!, e.Fence!.Value)));
        }
        else
        {
            // Fallen behind what the lease retains: an explicit reset with the state now, never a silent gap. Before it, the
            // cut-off silo may have told what it still saw (alice's end at id 3, recorded by it or read back from storage):
            // only ever the next ids in order, never a gap.
            var reset = resumed[^1];
            var before = resumed[..^1];
            Assert.Equal(Enumerable.Range(3, before.Count).Select(i => (long)i), before.Select(e => e.Id));
            Assert.Equal(((IEnumerable<string>)["alice", "bob", "bob"]).Take(before.Count), before.Select(e => e.Holder!));
            Assert.All(before.Take(1), e => Assert.Contains(e.Kind, new[] { LeaseEventKind.Lost, LeaseEventKind.Expired }));
            Assert.Equal((LeaseEventKind.Reset, 6L, "behind"), (reset.Kind, reset.Id, reset.ResetReason));
            Assert.Equal(("bob", 2L), (reset.Lease!.Holder!, reset.Lease.Fence));
        }

        await cluster.HealAsync();
        await majorityClient.ReleaseAsync(Resource, bob.LeaseId);
        Assert.Equal((LeaseEventKind.Released, 7L), Describe(await NextAsync(watch, Bound)));
        if (retained >= 7)
        {
            // Healed and back as a new generation, the cut-off silo serves the whole history: nothing it missed is lost.
            var back = await cluster.RestartSiloAsync(victim);
            await cluster.WaitForLivenessToStabilizeAsync();
            using var backClient = new LeaseholdClient(back.Http.BaseAddress!);
            var replay = Follow(backClient.WatchLeaseAsync(Resource, after: 0, cancellationToken: stop.Token));
            var all = await ChangesUntilAsync(replay, 7);
            Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L, 7L], all.Select(e => e.Id));
            Assert.Equal(resumed[0].Kind, all[2].Kind);
        }

        output.WriteLine($"partition, {retained} retained: the watch resumed on {majority[1]} after {victim} was cut off and stopped itself.");
    }

    private static (LeaseEventKind, long) Describe(LeaseEvent e) => (e.Kind, e.Id);

    /// <summary>The events of <paramref name="events"/> until (and with) the one whose id is <paramref name="id"/> or a reset; bounded.</summary>
    private static async Task<List<LeaseEvent>> ChangesUntilAsync(ChannelReader<LeaseEvent> events, long id)
    {
        var seen = new List<LeaseEvent>();
        for (var i = 0; i < 100; i++)
        {
            var next = await NextAsync(events, Bound);
            seen.Add(next);
            if (next.Id >= id || next.Kind == LeaseEventKind.Reset)
            {
                return seen;
            }
        }

        throw new Xunit.Sdk.XunitException($"no event with id {id} among the first 100: {string.Join(", ", seen.Select(Describe))}");
    }

    private static ChannelReader<T> Follow<T>(IAsyncEnumerable<T> events)
    {
        var channel = Channel.CreateUnbounded<T>();
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in events)
                {
                    await channel.Writer.WriteAsync(e);
                }

                channel.Writer.Complete();
            }
            catch (Exception error)
            {
                channel.Writer.Complete(error);
            }
        });
        return channel.Reader;
    }

    private static async Task<T> NextAsync<T>(ChannelReader<T> events, TimeSpan? timeout = null) =>
        await events.ReadAsync().AsTask().WaitAsync(timeout ?? TimeSpan.FromSeconds(20));
}
