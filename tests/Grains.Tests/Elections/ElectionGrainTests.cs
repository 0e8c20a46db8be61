using Leasehold.Grains.Tests.Leases;
using Leasehold.Testing;

namespace Leasehold.Grains.Tests.Elections;

/// <summary>The election grain on the fake clock: its value belongs to one term, its index grows with every change, its long-poll sees a term end.</summary>
public sealed class ElectionGrainTests(SharedSilo shared) : SiloTest(shared)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(10);

    private IElectionGrain Election(string name) => Silo.Grains.GetGrain<IElectionGrain>(Name(name));

    private ILeaseGrain LeaseOf(string name) => Silo.Lease(ElectionNames.ResourceOf(Name(name)));

    [Fact]
    public async Task Leadership_is_the_lease_of_the_elections_resource_with_its_fence()
    {
        var leadership = Assert.IsType<LeaseResult.Granted>(await Election("jobs").CampaignAsync(new Campaign("node-1", "a", Ttl, TimeSpan.Zero))).Lease;

        var lease = await LeaseOf("jobs").GetAsync();

        Assert.Equal(ElectionNames.ResourceOf(Name("jobs")), leadership.Resource);
        Assert.Equal(("node-1", leadership.Fence), (lease.Holder, lease.Fence));
    }

    [Fact]
    public async Task The_value_of_an_ended_term_is_never_shown_with_a_later_leader()
    {
        var election = Election("jobs");
        await election.CampaignAsync(new Campaign("node-1", "value of term 1", Ttl, TimeSpan.Zero));
        Time.Advance(Ttl);
        Assert.Equal((false, null), ((await election.GetLeaderAsync()).Leads, (await election.GetLeaderAsync()).Value));

        // A leader elected past the election grain (through the lease routes) proclaimed nothing.
        await LeaseOf("jobs").AcquireGrantedAsync("node-2", Ttl);

        var leader = await election.GetLeaderAsync();
        Assert.Equal(("node-2", (string?)null), (leader.Leader, leader.Value));
    }

    [Fact]
    public async Task A_proclaim_of_a_lost_term_is_refused_and_changes_nothing()
    {
        var election = Election("jobs");
        var first = Assert.IsType<LeaseResult.Granted>(await election.CampaignAsync(new Campaign("node-1", "one", Ttl, TimeSpan.Zero))).Lease;
        Time.Advance(Ttl);
        await election.CampaignAsync(new Campaign("node-2", "two", Ttl, TimeSpan.Zero));
        var before = await election.GetLeaderAsync();

        Assert.IsType<LeaseResult.Lost>(await election.ProclaimAsync(first.LeaseId, "late"));

        Assert.Equal(before, await election.GetLeaderAsync());
    }

    [Fact]
    public async Task The_index_grows_with_every_campaign_proclaim_expiry_and_resign()
    {
        var election = Election("jobs");
        var indexes = new List<long> { (await election.GetLeaderAsync()).Index };
        var first = Assert.IsType<LeaseResult.Granted>(await election.CampaignAsync(new Campaign("node-1", "a", Ttl, TimeSpan.Zero))).Lease;
        indexes.Add((await election.GetLeaderAsync()).Index);
        await election.ProclaimAsync(first.LeaseId, "b");
        indexes.Add((await election.GetLeaderAsync()).Index);
        Time.Advance(Ttl);
        indexes.Add((await election.GetLeaderAsync()).Index);
        var second = Assert.IsType<LeaseResult.Granted>(await election.CampaignAsync(new Campaign("node-2", "c", Ttl, TimeSpan.Zero))).Lease;
        indexes.Add((await election.GetLeaderAsync()).Index);
        await election.ResignAsync(second.LeaseId);
        indexes.Add((await election.GetLeaderAsync()).Index);

        Assert.Equal(indexes.Order(), indexes);
        Assert.Equal(indexes.Count, indexes.Distinct().Count());
    }

    [Fact]
    public async Task A_re_campaign_with_the_same_value_leaves_the_index_as_it_is()
    {
        var election = Election("jobs");
        await election.CampaignAsync(new Campaign("node-1", "a", Ttl, TimeSpan.Zero));
        var before = (await election.GetLeaderAsync()).Index;

        await election.CampaignAsync(new Campaign("node-1", "a", Ttl, TimeSpan.Zero));

        Assert.Equal(before, (await election.GetLeaderAsync()).Index);
    }

    [Fact]
    public async Task A_long_poll_answers_when_the_term_ends_on_the_grains_clock_and_not_before()
    {
        var election = Election("jobs");
        var ttl = TimeSpan.FromSeconds(2);
        await election.CampaignAsync(new Campaign("node-1", "a", ttl, TimeSpan.Zero));
        var index = (await election.GetLeaderAsync()).Index;

        var poll = election.WaitForChangeAsync(index, TimeSpan.FromSeconds(15));
        var advanced = TimeSpan.Zero;
        var step = TimeSpan.FromMilliseconds(100);
        await Eventually.True(() =>
        {
            if (!poll.IsCompleted)
            {
                Time.Advance(step);
                advanced += step;
            }

            return poll.IsCompleted;
        }, TimeSpan.FromSeconds(20), "the long-poll to answer once the term ended");

        var view = await poll;
        Assert.False(view.Leads);
        Assert.NotEqual(index, view.Index);
        Assert.True(advanced >= ttl, $"answered after {advanced} of a {ttl} term");
    }
}
