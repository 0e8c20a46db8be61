using System.Globalization;
using Leasehold.Chaos.Checking;
using Leasehold.Chaos.Nemesis;
using Leasehold.Chaos.Recording;
using Spectre.Console;

namespace Leasehold.Chaos;

/// <summary>The end of a chaos run on the console: counts of operations, faults and anomalies, each anomaly with its slice of history, and the verdict.</summary>
internal static class VerdictView
{
    private const int AnomaliesShown = 10;

    public static void Write(IAnsiConsole console, ChaosResult result, string historyPath)
    {
        var operations = new Table().Title("Operations").AddColumns("kind", "ok", "fail", "unknown");
        foreach (var kind in Enum.GetValues<OperationKind>())
        {
            var ofKind = result.Operations.Where(o => o.Kind == kind).ToList();
            operations.AddRow(Operation.KindName(kind), Count(ofKind, OperationOutcome.Ok), Count(ofKind, OperationOutcome.Fail), Count(ofKind, OperationOutcome.Unknown));
        }

        operations.AddRow("[bold]all[/]", Count(result.Operations, OperationOutcome.Ok), Count(result.Operations, OperationOutcome.Fail), Count(result.Operations, OperationOutcome.Unknown));
        console.Write(operations);

        var (refused, accepted, unknown) = result.LateWrites;
        console.MarkupLine($"Late writes (client slept past its TTL, then wrote with its old token): {refused} refused, {accepted} accepted (no newer holder had written), {unknown} unknown.");

        if (result.WatchConnections.Count > 0)
        {
            var ends = result.WatchConnections.GroupBy(c => c.End).Select(g => $"{g.Key} {g.Count()}");
            console.MarkupLine(Markup.Escape($"Watches: {result.WatchConnections.Select(c => c.Watcher).Distinct().Count()} watchers received {result.WatchEvents.Count} events "
                + $"({result.WatchEvents.Count(e => !e.IsChange)} resets) over {result.WatchConnections.Count} connections, {result.WatchResumes} resumed with Last-Event-ID (ends: {string.Join(", ", ends)})."));
        }

        var faults = result.Faults.Where(f => f.Kind != "restart").GroupBy(f => f.Kind).Select(g => $"{g.Key} {g.Count()}");
        console.MarkupLine($"Faults injected: {result.FaultsInjected} ({Markup.Escape(string.Join(", ", faults))}); nodes restarted after stopping themselves: {result.Restarts}; cluster recovered for the final reads: {(result.Recovered ? "yes" : "[red]no[/]")}.");
        var asked = result.Options.Nemesis.Faults.Distinct().ToHashSet();
        if (asked.Count > 0)
        {
            var byKind = result.FaultsByKind.Where(k => asked.Contains(k.Kind)).Select(k => $"{Name(k.Kind)} {k.Count}");
            console.MarkupLine($"Kinds asked for against kinds injected: {Markup.Escape(string.Join(", ", byKind))}.");
        }

        if (result.KindsNotInjected is { Count: > 0 } missing)
        {
            console.MarkupLine($"[yellow]Never injected: {Markup.Escape(string.Join(", ", missing.Select(Name)))}[/] — the run ended before their turn, or "
                + "(partition, delay) it has one node; run longer with --duration or with more --nodes.");
        }

        var anomalies = new Table().Title("Anomalies").AddColumns("property", "found");
        foreach (var kind in Enum.GetValues<AnomalyKind>())
        {
            var found = result.Report.CountByKind.GetValueOrDefault(kind);
            anomalies.AddRow(Anomaly.Name(kind), found == 0 ? "0" : $"[red]{found}[/]");
        }

        console.Write(anomalies);
        foreach (var anomaly in result.Report.Anomalies.Take(AnomaliesShown))
        {
            console.WriteLine(anomaly.ToString());
        }

        if (result.Report.Anomalies.Count > AnomaliesShown)
        {
            console.WriteLine($"… and {result.Report.Anomalies.Count - AnomaliesShown} more in the history file.");
        }

        console.MarkupLine($"History: {Markup.Escape(historyPath)} ({result.Operations.Count} operations, {result.Faults.Count} fault events, {result.Elapsed.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s)");
        console.MarkupLine(result.Report.IsValid
            ? $"[green bold]Verdict: the history checks out[/] — {result.Operations.Count} operations, {result.FaultsInjected} faults, 0 anomalies (seed {result.Options.Seed})."
            : $"[red bold]Verdict: {result.Report.Anomalies.Count} anomalies[/] in {result.Operations.Count} operations under {result.FaultsInjected} faults (seed {result.Options.Seed}).");
    }

    private static string Name(FaultKind kind) => kind.ToString().ToLowerInvariant();

    private static string Count(IEnumerable<Operation> operations, OperationOutcome outcome) =>
        operations.Count(o => o.Outcome == outcome).ToString(CultureInfo.InvariantCulture);
}
