using Leasehold.Chaos.Checking;
using Leasehold.Chaos.Nemesis;
using Leasehold.Chaos.Recording;

namespace Leasehold.Chaos;

/// <summary>What a chaos run did and what the checker found.</summary>
/// <param name="Options">The run's options, seed included: enough to run the same schedule again.</param>
/// <param name="Operations">Every operation, in invocation order.</param>
/// <param name="Faults">Every fault injected (and every restart of a node that stopped itself).</param>
/// <param name="FaultsInjected">How many faults the nemesis injected.</param>
/// <param name="Restarts">How many times a node that stopped itself (voted dead) was started again.</param>
/// <param name="Recovered">Whether every node was back and Active before the final reads.</param>
/// <param name="Elapsed">Wall time of the whole run, checks included.</param>
/// <param name="Report">The checker's verdict.</param>
public sealed record ChaosResult(
    ChaosOptions Options,
    IReadOnlyList<Operation> Operations,
    IReadOnlyList<FaultEvent> Faults,
    int FaultsInjected,
    int Restarts,
    bool Recovered,
    TimeSpan Elapsed,
    CheckReport Report)
{
    /// <summary>Every event the watchers received, in the order each watcher received them.</summary>
    public IReadOnlyList<WatchEvent> WatchEvents { get; init; } = [];

    /// <summary>Every connection of every watcher (the first and each reconnection), in the order they ended.</summary>
    public IReadOnlyList<WatchConnection> WatchConnections { get; init; } = [];

    /// <summary>Connections that resumed a watch with <c>Last-Event-ID</c> after an earlier one broke.</summary>
    public int WatchResumes => WatchConnections.Count(c => c.LastEventId is not null);

    public int Count(OperationOutcome outcome) => Operations.Count(o => o.Outcome == outcome);

    /// <summary>How many faults of each kind were injected, in the order of <see cref="FaultKind"/>; kinds never injected count 0.</summary>
    public IReadOnlyList<(FaultKind Kind, int Count)> FaultsByKind =>
        Enum.GetValues<FaultKind>().Select(kind => (kind, Faults.Count(f => FaultPlan.KindOf(f.Kind) == kind))).ToList();

    /// <summary>The kinds the run asked for that it never injected (it ended first, or the cluster is too small for them).</summary>
    public IReadOnlyList<FaultKind> KindsNotInjected =>
        Options.Nemesis.Faults.Distinct().Where(kind => !Faults.Any(f => FaultPlan.KindOf(f.Kind) == kind)).ToList();

    /// <summary>Late writes (sent after the client slept past its TTL): how many were refused and how many accepted.</summary>
    public (int Refused, int Accepted, int Unknown) LateWrites =>
        (Operations.Count(o => o is { Late: true, Outcome: OperationOutcome.Fail }),
         Operations.Count(o => o is { Late: true, Outcome: OperationOutcome.Ok }),
         Operations.Count(o => o is { Late: true, Outcome: OperationOutcome.Unknown }));
}
