using System.Text.Json;
using System.Text.Json.Serialization;
using Leasehold.Chaos.Checking;
using Leasehold.Chaos.Recording;

namespace Leasehold.Chaos;

/// <summary>The history file a chaos run writes: enough to re-check it, and to repeat the run with the same seed.</summary>
/// <param name="Seed">The run's seed.</param>
/// <param name="Repeat">The command that repeats the schedule.</param>
/// <param name="Nodes">How many nodes.</param>
/// <param name="Clients">How many clients.</param>
/// <param name="DurationMs">How long the workload ran.</param>
/// <param name="Faults">The fault families allowed.</param>
/// <param name="Valid">The verdict.</param>
/// <param name="Anomalies">Every violation with its operations.</param>
/// <param name="FaultEvents">Every fault injected and every restart.</param>
/// <param name="Operations">Every operation, in invocation order.</param>
/// <param name="WatchConnections">Every connection of every watcher, the first and each reconnection.</param>
/// <param name="WatchEvents">Every event the watchers received, in the order each watcher received them.</param>
public sealed record HistoryDocument(
    int Seed,
    string Repeat,
    int Nodes,
    int Clients,
    long DurationMs,
    IReadOnlyList<string> Faults,
    bool Valid,
    IReadOnlyList<Anomaly> Anomalies,
    IReadOnlyList<FaultEvent> FaultEvents,
    IReadOnlyList<Operation> Operations,
    IReadOnlyList<WatchConnection> WatchConnections,
    IReadOnlyList<WatchEvent> WatchEvents);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HistoryDocument))]
internal sealed partial class ChaosJsonContext : JsonSerializerContext;
