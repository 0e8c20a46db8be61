using Leasehold.Runtime.Membership;

namespace Leasehold.Runtime.Tests.Membership;

/// <summary>Probes, suspicion votes, death by majority and fail-stop, on a manual clock (see <see cref="MembershipCluster.Options"/>).</summary>
[Collection(MembershipClusterCollection.Name)]
public sealed class FailureDetectionTests
{
    [Fact]
    public async Task With_three_silos_one_vote_is_not_enough_and_the_second_declares_the_suspect_dead()
    {
        await using var cluster = await MembershipCluster.StartAsync();
        var a = await cluster.JoinAsync(11111);
        var b = await cluster.JoinAsync(11112);
        var c = await cluster.JoinAsync(11113);

        a.Prober.Silence(c.Address);
        await cluster.AdvanceUntilAsync(async () => (await cluster.RowAsync(c.Address)).Suspicions.Count > 0, "a votes against c");
        await cluster.AdvanceProbeRoundsAsync(a, 5);

        var suspected = await cluster.RowAsync(c.Address);
        Assert.Equal(SiloStatus.Active, suspected.Status);
        Assert.Equal([a.Address], suspected.Suspicions.Select(v => v.Voter));

        b.Prober.Silence(c.Address);
        await cluster.AdvanceUntilAsync(async () => (await cluster.RowAsync(c.Address)).Status == SiloStatus.Dead, "b's vote makes a majority");

        var dead = await cluster.RowAsync(c.Address);
        Assert.Equal(new[] { a.Address, b.Address }.ToHashSet(), dead.Suspicions.Select(v => v.Voter).ToHashSet());
        await cluster.AdvanceUntilAsync(() => c.FailStop.Calls == 1, "c reads itself Dead and fail-stops");
        Assert.Equal([0, 0], new[] { a.FailStop.Calls, b.FailStop.Calls });
        Assert.Equal([SiloStatus.Active, SiloStatus.Active], new[] { (await cluster.RowAsync(a.Address)).Status, (await cluster.RowAsync(b.Address)).Status });
    }

    [Fact]
    public async Task In_a_two_silo_cluster_one_vote_declares_the_peer_dead()
    {
        await using var cluster = await MembershipCluster.StartAsync();
        var a = await cluster.JoinAsync(11111);
        var b = await cluster.JoinAsync(11112);

        a.Prober.Silence(b.Address);
        await cluster.AdvanceUntilAsync(async () => (await cluster.RowAsync(b.Address)).Status == SiloStatus.Dead, "a's vote alone declares b Dead");

        Assert.Equal([a.Address], (await cluster.RowAsync(b.Address)).Suspicions.Select(v => v.Voter));
        await cluster.AdvanceUntilAsync(() => b.FailStop.Calls == 1, "b reads itself Dead and fail-stops");
        Assert.Equal(0, a.FailStop.Calls);
    }

    [Fact]
    public async Task In_a_seven_silo_cluster_enough_silos_watch_each_silo_for_a_majority_to_form()
    {
        await using var cluster = await MembershipCluster.StartAsync();
        var silos = new List<MembershipTestSilo>();
        for (var port = 11111; port <= 11117; port++)
        {
            silos.Add(await cluster.JoinAsync(port));
        }

        // Four votes of its six peers are needed, one more than the three silos ProbedSilos asks each to watch.
        var isolated = silos[3];
        foreach (var silo in silos)
        {
            silo.Prober.Silence(isolated.Address);
        }

        await cluster.AdvanceUntilAsync(async () => (await cluster.RowAsync(isolated.Address)).Status == SiloStatus.Dead, "a majority of its peers vote it Dead");
        Assert.Equal(4, (await cluster.RowAsync(isolated.Address)).Suspicions.Count);
    }

    [Fact]
    public async Task A_silo_that_reads_itself_dead_fail_stops_once_and_never_writes_again()
    {
        await using var cluster = await MembershipCluster.StartAsync();
        var a = await cluster.JoinAsync(11111);
        var b = await cluster.JoinAsync(11112);

        // As a majority would: b's row goes Dead behind b's back.
        var table = await cluster.ReadAsync();
        var (row, etag) = table.Rows.Single(r => r.Row.Silo == b.Address);
        Assert.True(await cluster.Table.UpdateRowAsync(MembershipCluster.ClusterId, row with { Status = SiloStatus.Dead }, etag, table.Version, CancellationToken.None));

        await cluster.AdvanceUntilAsync(() => b.FailStop.Calls == 1, "b reads itself Dead and fail-stops");
        Assert.Contains("Dead", b.FailStop.Reason);
        var heartbeat = (await cluster.RowAsync(b.Address)).IAmAliveAtUtc;
        var aliveHeartbeat = (await cluster.RowAsync(a.Address)).IAmAliveAtUtc;
        await b.Service.RefreshNowAsync();
        await cluster.AdvanceUntilAsync(
            async () => (await cluster.RowAsync(a.Address)).IAmAliveAtUtc >= aliveHeartbeat.AddSeconds(5),
            "five I-am-alive intervals pass (a, alive, writes its heartbeat)");

        Assert.Equal(1, b.FailStop.Calls);
        Assert.Equal(b.FailStop.WritesAtFailStop, b.Table.Writes.Count);
        Assert.Equal(heartbeat, (await cluster.RowAsync(b.Address)).IAmAliveAtUtc);
    }

    [Fact]
    public async Task A_successful_probe_resets_the_miss_count()
    {
        await using var cluster = await MembershipCluster.StartAsync();
        var a = await cluster.JoinAsync(11111);
        var b = await cluster.JoinAsync(11112);

        // Every other probe answers: never two misses in a row, and in a two-silo cluster one vote would kill.
        var answers = false;
        a.Prober.Script(b.Address, () => answers = !answers);
        await cluster.AdvanceProbeRoundsAsync(a, 10);

        var row = await cluster.RowAsync(b.Address);
        Assert.Equal((SiloStatus.Active, 0), (row.Status, row.Suspicions.Count));
        Assert.True(a.Prober.ProbesOf(b.Address) >= 10);
    }

    [Theory]
    [InlineData(25, SiloStatus.Active)] // older than the 20 s window: a's vote is alone
    [InlineData(5, SiloStatus.Dead)] // fresh: a's vote makes two
    public async Task Votes_older_than_the_suspicion_window_do_not_count(int voteAgeSeconds, SiloStatus expected)
    {
        await using var cluster = await MembershipCluster.StartAsync();
        var a = await cluster.JoinAsync(11111);
        var b = await cluster.JoinAsync(11112);
        var c = await cluster.JoinAsync(11113);
        var table = await cluster.ReadAsync();
        var (row, etag) = table.Rows.Single(r => r.Row.Silo == c.Address);
        var planted = row with { Suspicions = [new SuspicionVote(b.Address, cluster.Time.GetUtcNow().AddSeconds(-voteAgeSeconds))] };
        Assert.True(await cluster.Table.UpdateRowAsync(MembershipCluster.ClusterId, planted, etag, table.Version, CancellationToken.None));

        a.Prober.Silence(c.Address);
        await cluster.AdvanceUntilAsync(
            async () => (await cluster.RowAsync(c.Address)).Suspicions.Any(v => v.Voter == a.Address),
            "a votes against c");

        var after = await cluster.RowAsync(c.Address);
        Assert.Equal(expected, after.Status);
        Assert.Equal(
            expected == SiloStatus.Dead ? [a.Address, b.Address] : new[] { a.Address }.ToHashSet(),
            after.Suspicions.Select(v => v.Voter).ToHashSet());
    }

    [Fact]
    public async Task Silos_that_crashed_together_are_declared_dead_by_one_survivor_once_their_heartbeats_are_older_than_the_window()
    {
        await using var cluster = await MembershipCluster.StartAsync();
        var a = await cluster.JoinAsync(11111);
        var b = await cluster.JoinAsync(11112);
        var c = await cluster.JoinAsync(11113);
        await b.Service.KillAsync();
        await c.Service.KillAsync();
        a.Prober.Silence(b.Address);
        a.Prober.Silence(c.Address);

        await cluster.AdvanceUntilAsync(async () => (await cluster.RowAsync(b.Address)).Suspicions.Count > 0, "a votes against b");
        Assert.Equal(SiloStatus.Active, (await cluster.RowAsync(b.Address)).Status); // one vote of the two needed, and b's heartbeat is recent

        await cluster.AdvanceUntilAsync(
            async () => (await cluster.ReadAsync()).Rows.Count(r => r.Row.Status == SiloStatus.Dead) == 2,
            "a declares b and c Dead");
        var silentSince = (await cluster.RowAsync(b.Address)).IAmAliveAtUtc;
        Assert.True(cluster.Time.GetUtcNow() - silentSince >= MembershipCluster.Options().SuspicionWindow);
        Assert.Equal(SiloStatus.Active, (await cluster.RowAsync(a.Address)).Status);
    }
}
