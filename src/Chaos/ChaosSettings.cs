using Leasehold.Chaos.Nemesis;

namespace Leasehold.Chaos;

/// <summary>What the <c>chaos</c> command was asked for.</summary>
/// <param name="Nodes">API processes to start. Default 3.</param>
/// <param name="Clients">Concurrent clients. Default 8.</param>
/// <param name="Duration">How long the workload and the nemesis run. Default 60 s.</param>
/// <param name="Seed">The seed; null draws one (and prints it, so the run can be repeated).</param>
/// <param name="Faults">Fault families the nemesis may use.</param>
/// <param name="HistoryPath">Where to write the history JSON; null: a file in the temporary folder.</param>
/// <param name="Resources">Resources the clients contend for. Default 3.</param>
/// <param name="Service">The <c>Leasehold.Api.dll</c> to start, or its folder; null: found as <c>Processes/ServiceFinder</c> says.</param>
public sealed record ChaosSettings(int Nodes, int Clients, TimeSpan Duration, int? Seed, IReadOnlyList<FaultKind> Faults, string? HistoryPath, int Resources = 3, string? Service = null)
{
    public static ChaosSettings Default { get; } = new(3, 8, TimeSpan.FromSeconds(60), null, Enum.GetValues<FaultKind>(), null);
}
