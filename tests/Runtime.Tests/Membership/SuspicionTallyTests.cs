using System.Net;
using Leasehold.Runtime.Membership;

namespace Leasehold.Runtime.Tests.Membership;

public sealed class SuspicionTallyTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    [InlineData(4, 2)]
    [InlineData(5, 3)]
    [InlineData(6, 3)]
    public void A_suspect_is_dead_once_votes_are_more_than_half_of_its_active_peers(int activeSilos, int votesNeeded)
    {
        var silos = Enumerable.Range(0, activeSilos).Select(Silo).ToArray();
        var (voter, suspect) = (silos[0], silos[^1]);
        var earlierVoters = silos[1..^1];

        var short1 = Vote(silos, suspect, voter, earlierVoters.Take(votesNeeded - 2));
        var enough = Vote(silos, suspect, voter, earlierVoters.Take(votesNeeded - 1));

        Assert.Equal(votesNeeded, enough!.VotesNeeded);
        Assert.True(enough.DeclaresDead);
        Assert.Equal(votesNeeded, enough.Votes);
        if (votesNeeded > 1)
        {
            Assert.False(short1!.DeclaresDead);
            Assert.Equal(votesNeeded - 1, short1.Votes);
        }
    }

    [Fact]
    public void A_vote_of_a_silo_that_is_no_longer_active_does_not_count_and_is_dropped()
    {
        var silos = Enumerable.Range(0, 3).Select(Silo).ToArray();
        var rows = silos.Select((s, i) => (new MembershipRow(s, i == 1 ? SiloStatus.ShuttingDown : SiloStatus.Active, [], Now, Now), "1")).ToList();
        var suspect = rows[2].Item1 with { Suspicions = [new SuspicionVote(silos[1], Now.AddSeconds(-1))] };

        var verdict = SuspicionTally.Vote(new MembershipTableSnapshot(7, rows), suspect, silos[0], Now, new MembershipOptions());

        // Its only Active peer is the voter: one vote is a majority of one.
        Assert.Equal((1, 1, true), (verdict!.Votes, verdict.VotesNeeded, verdict.DeclaresDead));
        Assert.Equal([silos[0]], verdict.Row.Suspicions.Select(v => v.Voter));
    }

    [Fact]
    public void A_voter_whose_own_vote_is_young_and_would_not_decide_writes_nothing()
    {
        var silos = Enumerable.Range(0, 3).Select(Silo).ToArray();
        var rows = silos.Select(s => (new MembershipRow(s, SiloStatus.Active, [], Now, Now), "1")).ToList();
        var suspect = rows[2].Item1 with { Suspicions = [new SuspicionVote(silos[0], Now.AddSeconds(-1))] };

        Assert.Null(SuspicionTally.Vote(new MembershipTableSnapshot(7, rows), suspect, silos[0], Now, new MembershipOptions()));
    }

    private static SuspicionVerdict? Vote(SiloAddress[] silos, SiloAddress suspect, SiloAddress voter, IEnumerable<SiloAddress> earlierVoters)
    {
        var votes = earlierVoters.Select(v => new SuspicionVote(v, Now.AddSeconds(-1))).ToArray();
        var rows = silos.Select(s => (new MembershipRow(s, SiloStatus.Active, s == suspect ? votes : [], Now, Now), "1")).ToList();
        return SuspicionTally.Vote(new MembershipTableSnapshot(7, rows), rows[^1].Item1, voter, Now, new MembershipOptions());
    }

    private static SiloAddress Silo(int i) => new(new IPEndPoint(IPAddress.Loopback, 11111 + i), 1);
}
