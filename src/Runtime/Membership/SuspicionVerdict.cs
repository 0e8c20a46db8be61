namespace Leasehold.Runtime.Membership;

/// <summary>The suspect's row with this silo's vote, and how the count came out.</summary>
/// <param name="Row">What to write (status Dead if the vote decides).</param>
/// <param name="Votes">Fresh votes from Active silos, this one included.</param>
/// <param name="VotesNeeded">More than half of the suspect's Active peers.</param>
/// <param name="SilentInTable">The suspect's own heartbeat is older than the suspicion window.</param>
internal sealed record SuspicionVerdict(MembershipRow Row, int Votes, int VotesNeeded, bool SilentInTable)
{
    public bool DeclaresDead => Row.Status == SiloStatus.Dead;
}
