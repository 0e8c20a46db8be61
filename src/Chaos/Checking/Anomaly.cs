using Leasehold.Chaos.Recording;

namespace Leasehold.Chaos.Checking;

/// <summary>One violation, with the smallest slice of history that shows it.</summary>
/// <param name="Kind">The property broken.</param>
/// <param name="Description">What is wrong, in one sentence.</param>
/// <param name="Operations">The operations involved, in invocation order.</param>
/// <param name="WatchEvents">The watch events involved, in the order they were received (watch checks only).</param>
public sealed record Anomaly(AnomalyKind Kind, string Description, IReadOnlyList<Operation> Operations, IReadOnlyList<WatchEvent>? WatchEvents = null)
{
    internal static Anomaly Of(AnomalyKind kind, string description, params Operation[] operations) =>
        new(kind, description, [.. operations.DistinctBy(o => o.Id).OrderBy(o => o.Id)]);

    internal static Anomaly OfWatch(AnomalyKind kind, string description, IEnumerable<WatchEvent> events, params Operation[] operations) =>
        Of(kind, description, operations) with { WatchEvents = [.. events.Distinct()] };

    public override string ToString() =>
        $"{Name(Kind)}: {Description}{string.Concat(Operations.Select(o => $"{Environment.NewLine}    {o}"))}{string.Concat((WatchEvents ?? []).Select(e => $"{Environment.NewLine}    {e}"))}";

    /// <summary>The kebab-case name used in reports and JSON.</summary>
    public static string Name(AnomalyKind kind) => kind switch
    {
        AnomalyKind.FenceGrantedTwice => "fence-granted-twice",
        AnomalyKind.StaleWriteAcknowledged => "stale-write-acknowledged",
        AnomalyKind.AcknowledgedWriteLost => "acknowledged-write-lost",
        AnomalyKind.TwoUnexpiredLeases => "two-unexpired-leases",
        AnomalyKind.OutsideContract => "outside-contract",
        AnomalyKind.TooManyPermits => "too-many-permits",
        AnomalyKind.WatchGap => "watch-gap",
        AnomalyKind.WatchEventsDisagree => "watch-events-disagree",
        AnomalyKind.WatchContradictsHistory => "watch-contradicts-history",
        AnomalyKind.SharedWriteAccepted => "shared-write-accepted",
        AnomalyKind.SessionLeaseOutlivedSession => "session-lease-outlived-session",
        AnomalyKind.NoFinalRead => "no-final-read",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "An anomaly kind without a name."),
    };
}
