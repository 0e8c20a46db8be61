namespace Leasehold.Runtime.Membership;

/// <summary>One silo's row in the membership table.</summary>
/// <param name="Silo">The silo incarnation (endpoint and generation) — the row's identity.</param>
/// <param name="Status">Its status; moves only forward: Joining → Active → ShuttingDown → Dead.</param>
/// <param name="Suspicions">Who suspects it and when (wall clock of the suspecting silo); old votes expire.</param>
/// <param name="StartedAtUtc">When it started (for people).</param>
/// <param name="IAmAliveAtUtc">Its latest heartbeat (for people and as a backstop for detection).</param>
public sealed record MembershipRow(
    SiloAddress Silo,
    SiloStatus Status,
    IReadOnlyList<SuspicionVote> Suspicions,
    DateTimeOffset StartedAtUtc,
    DateTimeOffset IAmAliveAtUtc);
