using Leasehold.Runtime.Membership;

namespace Leasehold.Runtime.Tests.Membership;

/// <summary>Joining, leaving, restarting and the view; failure detection is in <see cref="FailureDetectionTests"/>.</summary>
[Collection(MembershipClusterCollection.Name)]
public sealed class ClusterMembershipServiceTests
{
    [Fact]
    public async Task Three_silos_join_one_table_and_each_sees_all_three_active()
    {
        await using var cluster = await MembershipCluster.StartAsync();

        MembershipTestSilo[] silos = [await cluster.JoinAsync(11111), await cluster.JoinAsync(11112), await cluster.JoinAsync(11113)];

        var addresses = silos.Select(s => s.Address).ToHashSet();
        await cluster.AdvanceUntilAsync(
            () => silos.All(s => s.Service.Current.Silos.Where(e => e.Status == SiloStatus.Active).Select(e => e.Address).ToHashSet().SetEquals(addresses)),
            "every silo sees all three Active");
        var table = await cluster.ReadAsync();
        Assert.Equal(6, table.Version); // each silo: one insert (Joining), one update (Active)
        Assert.All(table.Rows, r => Assert.Equal((SiloStatus.Active, 0), (r.Row.Status, r.Row.Suspicions.Count)));
        Assert.All(silos, s => Assert.Equal([SiloStatus.Joining, SiloStatus.Active], s.Table.StatusesWonFor(s.Address)));
        Assert.All(silos, s => Assert.Equal(0, s.FailStop.Calls));
    }

    [Fact]
    public async Task A_silo_raises_changed_in_version_order_when_another_joins()
    {
        await using var cluster = await MembershipCluster.StartAsync();
        var a = await cluster.JoinAsync(11111);
        var raised = new List<MembershipSnapshot>();
        a.Service.Changed += view =>
        {
            lock (raised)
            {
                raised.Add(view);
            }
        };

        var b = await cluster.JoinAsync(11112);

        await cluster.AdvanceUntilAsync(
            () => a.Service.Current.Silos.Any(e => e.Address == b.Address && e.Status == SiloStatus.Active),
            "a sees b Active");
        lock (raised)
        {
            Assert.NotEmpty(raised);
            Assert.Equal(a.Service.Current.Version, raised[^1].Version);
            Assert.Equal(raised.Select(v => v.Version).Order(), raised.Select(v => v.Version));
            Assert.Equal(raised.Count, raised.Select(v => v.Version).Distinct().Count());
        }
    }

    [Fact]
    public async Task Leaving_writes_shutting_down_then_dead_and_then_nothing_more()
    {
        await using var cluster = await MembershipCluster.StartAsync();
        var a = await cluster.JoinAsync(11111);
        var b = await cluster.JoinAsync(11112);

        await b.Service.LeaveAsync(CancellationToken.None);

        Assert.Equal([SiloStatus.Joining, SiloStatus.Active, SiloStatus.ShuttingDown, SiloStatus.Dead], b.Table.StatusesWonFor(b.Address));
        Assert.Equal(SiloStatus.Dead, (await cluster.RowAsync(b.Address)).Status);
        var writes = b.Table.Writes.Count;
        await cluster.AdvanceUntilAsync(
            () => a.Service.Current.Silos.Any(e => e.Address == b.Address && e.Status == SiloStatus.Dead),
            "a sees b Dead");
        await cluster.AdvanceProbeRoundsAsync(a, 3);
        Assert.Equal(writes, b.Table.Writes.Count);
        Assert.Equal(0, b.FailStop.Calls);
        Assert.Empty((await cluster.RowAsync(b.Address)).Suspicions);
    }

    [Fact]
    public async Task A_restarted_silo_marks_its_previous_generation_on_the_same_endpoint_dead()
    {
        await using var cluster = await MembershipCluster.StartAsync();
        var first = await cluster.JoinAsync(11111);
        var other = await cluster.JoinAsync(11112);
        await first.Service.KillAsync();
        cluster.Time.Advance(TimeSpan.FromSeconds(1));

        var restarted = await cluster.JoinAsync(11111);

        Assert.Equal(first.Address.Endpoint, restarted.Address.Endpoint);
        Assert.True(restarted.Address.Generation > first.Address.Generation);
        Assert.Equal([SiloStatus.Dead], restarted.Table.StatusesWonFor(first.Address));
        var table = await cluster.ReadAsync();
        Assert.Equal(
            [(first.Address, SiloStatus.Dead), (restarted.Address, SiloStatus.Active), (other.Address, SiloStatus.Active)],
            table.Rows.Select(r => (r.Row.Silo, r.Row.Status)).OrderBy(r => r.Silo.Endpoint.Port).ThenBy(r => r.Silo.Generation));
        Assert.Equal(0, first.FailStop.Calls);
    }

    [Fact]
    public async Task A_joining_silo_goes_active_after_three_probe_rounds_when_a_silo_died_without_being_declared_dead()
    {
        await using var cluster = await MembershipCluster.StartAsync();
        await cluster.JoinAsync(11111);
        var dead = await cluster.JoinAsync(11112);
        await dead.Service.KillAsync();
        var joiner = cluster.NewSilo(11113);
        joiner.Prober.Silence(dead.Address);

        var join = joiner.Service.JoinAsync(CancellationToken.None);

        await cluster.AdvanceUntilAsync(() => join.IsCompleted, "the join completes");
        await join;
        Assert.Equal(SiloStatus.Active, (await cluster.RowAsync(joiner.Address)).Status);
        Assert.Equal(3, joiner.Prober.ProbesOf(dead.Address));
    }
}
