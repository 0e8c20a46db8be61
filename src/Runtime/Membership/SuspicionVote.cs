namespace Leasehold.Runtime.Membership;

/// <summary>A silo's vote that another did not answer its probes.</summary>
/// <param name="Voter">The suspecting silo.</param>
/// <param name="AtUtc">When it voted (its wall clock); votes older than the suspicion window do not count.</param>
public sealed record SuspicionVote(SiloAddress Voter, DateTimeOffset AtUtc);
