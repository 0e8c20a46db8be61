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
/// went away (lost: nobody on the old activation saw it expire) included.
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

    private static (LeaseEventKind, long) Describe(LeaseEvent e) => (e.Kind, e.Id);

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
