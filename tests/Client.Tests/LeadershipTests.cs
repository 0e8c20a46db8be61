using System.Text;
using Leasehold.Testing;

namespace Leasehold.Client.Tests;

/// <summary>Leadership against a real server: campaign, renewal on the lease routes, proclaim, resign on dispose, loss (also when the leader is cut off).</summary>
[Collection(ServerCollection.Name)]
public sealed class LeadershipTests(LeaseholdServer server) : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly LeaseholdClient _client = server.CreateClient();

    [Fact]
    public async Task A_leader_keeps_its_term_past_its_ttl_proclaims_and_resigns_on_dispose()
    {
        var election = Names.Fresh("leads");
        var ttl = TimeSpan.FromMilliseconds(1500);
        var leadership = await _client.ElectAsync(election, "10.0.0.5:8080", new FencedLockOptions { Holder = "node-1", Ttl = ttl });
        var first = leadership.Lock.Lease;
        Assert.Equal($"election:{election}", leadership.Resource);

        await Eventually.True(
            () => TimeProvider.System.GetElapsedTime(first.SentAtTimestamp, leadership.Lock.Lease.SentAtTimestamp) > 2 * ttl,
            Bound,
            "renewals to carry the term past two TTLs");
        Assert.False(leadership.IsLost, leadership.LostReason);
        await leadership.ProclaimAsync("10.0.0.6:8080");
        var leader = await _client.GetLeaderAsync(election);
        Assert.Equal(("node-1", "10.0.0.6:8080", first.Fence), (leader!.Leader, leader.Value, leader.Fence));

        await leadership.DisposeAsync();
        Assert.True(leadership.LeadershipLost.IsCancellationRequested);
        Assert.Null(await _client.GetLeaderAsync(election));
    }

    [Fact]
    public async Task A_waiting_candidate_leads_with_a_higher_fence_once_the_leader_resigns()
    {
        var election = Names.Fresh("next");
        var first = await _client.ElectAsync(election, "one", new FencedLockOptions { Holder = "node-1", Ttl = TimeSpan.FromSeconds(30) });
        var second = _client.ElectAsync(election, "two", new FencedLockOptions { Holder = "node-2", Ttl = TimeSpan.FromSeconds(30), Wait = Bound });
        await Eventually.True(async () => (await _client.GetLeaseAsync(first.Resource)).Waiters == 1, Bound, "node-2 to wait in line");

        await first.ResignAsync();

        var next = await second.WaitAsync(Bound);
        await using (next)
        {
            Assert.True(next.Fence > first.Fence);
            Assert.Equal("two", (await _client.GetLeaderAsync(election))!.Value);
        }
    }

    [Fact]
    public async Task A_campaign_without_a_wait_throws_LeaseHeldException_naming_the_leader()
    {
        var election = Names.Fresh("busy");
        await using var leader = await _client.ElectAsync(election, null, new FencedLockOptions { Holder = "node-1" });

        var held = await Assert.ThrowsAsync<LeaseHeldException>(() => _client.ElectAsync(election, null, new FencedLockOptions { Holder = "node-2" }));

        Assert.Equal("node-1", held.Holder);
    }

    [Fact]
    public async Task LeadershipLost_fires_when_the_term_is_ended_behind_the_leaders_back()
    {
        var election = Names.Fresh("lost");
        var leadership = await _client.ElectAsync(election, null, new FencedLockOptions { Ttl = TimeSpan.FromSeconds(1) });
        await using (leadership)
        {
            await _client.ResignAsync(election, leadership.LeaseId);

            await Task.Delay(Timeout.Infinite, leadership.LeadershipLost).ContinueWith(_ => { }, TaskScheduler.Default).WaitAsync(Bound);
            Assert.Contains("refused", leadership.LostReason, StringComparison.Ordinal);
            await Assert.ThrowsAsync<LeaseLostException>(() => leadership.ProclaimAsync("late"));
        }
    }

    [Fact]
    public async Task A_leader_cut_off_from_the_server_is_told_it_lost_before_its_term_ends_and_its_late_write_is_refused_after_the_next_leader_wrote()
    {
        var election = Names.Fresh("cut");
        var key = $"election:{election}.json";
        using var partition = new PartitionHandler();
        using var http = new HttpClient(partition) { BaseAddress = server.Endpoint };
        using var cutOff = new LeaseholdClient(http);
        var leadership = await cutOff.ElectAsync(election, "one", new FencedLockOptions { Holder = "node-1", Ttl = TimeSpan.FromMilliseconds(1500), SafetyMargin = TimeSpan.FromMilliseconds(400) });
        await using (leadership)
        {
            await cutOff.PutObjectAsync(key, Encoding.UTF8.GetBytes("leader 1"), leadership.Token);
            partition.Partition();

            await Task.Delay(Timeout.Infinite, leadership.LeadershipLost).ContinueWith(_ => { }, TaskScheduler.Default).WaitAsync(Bound);
            var atLoss = await _client.GetLeaderAsync(election);

            // Told on its own clock while the server still counts its term: nobody else could lead yet.
            Assert.Equal(("node-1", leadership.Fence), (atLoss?.Leader, atLoss?.Fence));
            Assert.Contains("local monotonic clock", leadership.LostReason, StringComparison.Ordinal);

            var next = await _client.ElectAsync(election, "two", new FencedLockOptions { Holder = "node-2", Ttl = TimeSpan.FromSeconds(30), Wait = Bound });
            await using (next)
            {
                Assert.True(next.Fence > leadership.Fence);
                await _client.PutObjectAsync(key, Encoding.UTF8.GetBytes("leader 2"), next.Token);

                // The old leader's network comes back; it writes with its term's token anyway.
                partition.Heal();
                await Assert.ThrowsAsync<StaleFenceException>(() => cutOff.PutObjectAsync(key, Encoding.UTF8.GetBytes("late"), leadership.Token));
                Assert.Equal("leader 2", Encoding.UTF8.GetString((await _client.GetObjectAsync(key))!.Value.Span));
            }
        }
    }

    [Fact]
    public async Task WatchLeader_yields_the_leadership_now_and_each_change()
    {
        var election = Names.Fresh("watch");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var changes = new List<LeaderChange>();
        await using var enumerator = _client.WatchLeaderAsync(election, TimeSpan.FromSeconds(10), stop.Token).GetAsyncEnumerator(stop.Token);

        Assert.True(await enumerator.MoveNextAsync());
        Assert.Null(enumerator.Current.Leader);
        var leadership = await _client.ElectAsync(election, "a", new FencedLockOptions { Holder = "node-1", Ttl = TimeSpan.FromSeconds(30) });
        Assert.True(await enumerator.MoveNextAsync());
        Assert.Equal("node-1", enumerator.Current.Leader?.Leader);
        await leadership.DisposeAsync();
        Assert.True(await enumerator.MoveNextAsync());
        Assert.Null(enumerator.Current.Leader);
    }

    public void Dispose() => _client.Dispose();
}
