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
    IReadOnlyList<WatchEvent> WatchEvents)
{
    /// <summary>The document of <paramref name="result"/>'s run, on <paramref name="nodes"/> nodes, repeated by <paramref name="repeat"/>.</summary>
    public static HistoryDocument Of(ChaosResult result, int nodes, string repeat) =>
        new(result.Options.Seed, repeat, nodes, result.Options.Workload.Clients, (long)result.Options.Duration.TotalMilliseconds,
            [.. result.Options.Nemesis.Faults.Select(f => f.ToString().ToLowerInvariant())], result.Report.IsValid, result.Report.Anomalies,
            result.Faults, result.Operations, result.WatchConnections, result.WatchEvents);

    /// <summary>Writes the document as JSON to <paramref name="path"/>, creating its folder.</summary>
    public async Task WriteAsync(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var file = File.Create(path);
        await using (file.ConfigureAwait(false))
        {
            await JsonSerializer.SerializeAsync(file, this, ChaosJsonContext.Default.HistoryDocument).ConfigureAwait(false);
        }
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HistoryDocument))]
internal sealed partial class ChaosJsonContext : JsonSerializerContext;
