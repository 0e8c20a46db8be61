using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Leasehold.Client;
using Leasehold.Testing;
using Orleans.Runtime;

namespace Leasehold.Cluster.Tests.Scenarios;

/// <summary>
/// An elected leader's node is cut off from the rest of the cluster — a partition of the silos' network, the database
/// still reachable on both sides — and stays cut off past its term. The leader's client keeps renewing through that
/// silo, which keeps acting until it reads itself dead and stops; then the renewals fail and the client's own clock
/// says the leadership is lost. The majority elects the next candidate with a higher fence, and the old leader's late
/// write with its term's token is refused by the store. Without the fence check it overwrites the new leader's.
/// </summary>
public sealed class PartitionedLeaderScenario
{
    private const string Election = "jobs";
    private const string Key = "election:jobs.json";

    [Theory]
    [OnSqlite(Fencing.On)]
    [OnSqlite(Fencing.Off)]
    public async Task A_leader_cut_off_past_its_term_is_told_it_lost_and_replaced_by_a_higher_fence_and_its_late_write_is_refused(Fencing fencing, StorageProvider storage)
    {
        await using var cluster = await Scenario.StartAsync(3, fencing, storage);
        var cutOff = await cluster.HostOfLeaseAsync($"election:{Election}");
        var majority = cluster.Silos.Where(s => s != cutOff).ToList();
        using var leaderClient = new LeaseholdClient(cutOff.Http.BaseAddress!);
        using var candidateClient = new LeaseholdClient(majority[0].Http.BaseAddress!);
        await using var leader = await leaderClient.ElectAsync(Election, "10.0.0.1:8080", new FencedLockOptions { Holder = "node-1", Ttl = TimeSpan.FromMilliseconds(1_500) });
        Assert.Equal(HttpStatusCode.OK, await Scenario.WriteAsync(cutOff.Http, Key, leader.Token, "written by leader 1"));

        await cluster.IsolateAsync(cutOff);

        await Eventually.True(() => majority.All(s => s.StatusOf(cutOff) == SiloStatus.Dead), Scenario.Bound, "the majority declares the cut-off silo dead");
        await Eventually.True(() => cutOff.Faults.IsKilled, Scenario.Bound, "the cut-off silo reads itself dead and stops itself");

        // The next candidate campaigns on the majority side and waits in line (its client retries what it may retry).
        var campaign = candidateClient.ElectAsync(Election, "10.0.0.2:8080", new FencedLockOptions { Holder = "node-2", Ttl = TimeSpan.FromSeconds(30), Wait = TimeSpan.FromSeconds(10) });

        // The leader's renewals now find no server: its local deadline passes and it is told it no longer leads.
        await Task.Delay(Timeout.Infinite, leader.LeadershipLost).ContinueWith(_ => { }, TaskScheduler.Default).WaitAsync(Scenario.Bound);
        await using var next = await campaign.WaitAsync(Scenario.Bound);
        var shown = await majority[1].Http.GetFromJsonAsync<JsonElement>($"/v1/elections/{Election}/leader");
        var write2 = await Scenario.WriteAsync(majority[1].Http, Key, next.Token, "written by leader 2");

        // The old leader did not see the message in time (or ignores it) and writes with its term's token through a live silo.
        var late = await Scenario.WriteAsync(majority[0].Http, Key, leader.Token, "late write by leader 1");

        Assert.True(leader.IsLost);
        Assert.NotNull(leader.LostReason);
        Assert.Throws<LeaseLostException>(leader.ThrowIfLost);
        Assert.True(next.Fence > leader.Fence, $"the new leader's fence {next.Fence} is not above the old leader's {leader.Fence}");
        Assert.Equal(("node-2", "10.0.0.2:8080", next.Fence), (shown.GetProperty("leader").GetString(), shown.GetProperty("value").GetString(), shown.GetProperty("fence").GetInt64()));
        Assert.Equal(HttpStatusCode.OK, write2);
        if (fencing == Fencing.On)
        {
            Assert.Equal(HttpStatusCode.Conflict, late);
            Assert.Equal("written by leader 2", await Scenario.ReadAsync(majority[1].Http, Key));
        }
        else
        {
            // What the fence check is for: the new leader's write is silently gone.
            Assert.Equal(HttpStatusCode.OK, late);
            Assert.Equal("late write by leader 1", await Scenario.ReadAsync(majority[1].Http, Key));
        }
    }
}
