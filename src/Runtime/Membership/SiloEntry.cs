namespace Leasehold.Runtime.Membership;

/// <summary>One row of the membership view.</summary>
/// <param name="Address">The silo incarnation.</param>
/// <param name="Status">Its status.</param>
/// <param name="StartedAtUtc">When it started (wall clock; for people).</param>
/// <param name="IAmAliveAtUtc">Its last heartbeat (wall clock; for people).</param>
public sealed record SiloEntry(SiloAddress Address, SiloStatus Status, DateTimeOffset StartedAtUtc, DateTimeOffset IAmAliveAtUtc);
