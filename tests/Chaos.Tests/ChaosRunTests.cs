using System.Globalization;
using System.Runtime.CompilerServices;
using Leasehold.Chaos.Checking;
using Leasehold.Chaos.Nemesis;
using Leasehold.Chaos.Recording;
using Leasehold.Chaos.Tests.Nemesis;
using Leasehold.Chaos.Workload;
using Leasehold.Storage;
using Leasehold.NodeCluster;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Leasehold.Chaos.Tests;

/// <summary>
/// Seeded randomized runs against an in-process TestCluster. <c>LEASEHOLD_CHAOS_SECONDS</c> sets the length of the
/// run under faults (default 20 s, for CI; set 300 for a long run), <c>LEASEHOLD_CHAOS_SEED</c> its seed.
/// </summary>
public sealed class ChaosRunTests(ITestOutputHelper output)
{
    private const int DefaultSeconds = 20;
    private const int DefaultSeed = 20_240_601;
    private const int Nodes = 3;

    [Fact]
    public async Task A_seeded_run_under_kills_pauses_partitions_delays_and_skew_checks_out()
    {
        var options = new ChaosOptions
        {
            Seed = FromEnvironment("LEASEHOLD_CHAOS_SEED", DefaultSeed),
            Duration = TimeSpan.FromSeconds(FromEnvironment("LEASEHOLD_CHAOS_SECONDS", DefaultSeconds)),
            Workload = new WorkloadOptions { Clients = 6, Resources = 3 },
        };
        await using var cluster = await StartClusterAsync(fenceBlind: false);
        var nemesis = new TestClusterNemesis(cluster);

        var result = await new ChaosRun(nemesis, nemesis, options).RunAsync(CancellationToken.None);

        Report(result);
        await AssertChecksOutAsync(result);
        Assert.True(result.FaultsInjected > 0, "the nemesis injected no fault");
        Assert.Contains(result.Operations, o => o is { Kind: OperationKind.Write, Outcome: OperationOutcome.Ok });
        // The election ran beside the leases: leaders were elected, wrote under their terms' tokens, and were sampled.
        Assert.Contains(result.Operations, o => o is { Kind: OperationKind.Campaign, Outcome: OperationOutcome.Ok });
        Assert.Contains(result.Operations, o => o is { Kind: OperationKind.Write, Outcome: OperationOutcome.Ok, Resource: "election:chaos-e0" });
        Assert.Contains(result.Operations, o => o is { Kind: OperationKind.GetLeader, Outcome: OperationOutcome.Ok, Held: true });
        Assert.Contains(result.Operations, o => o is { Kind: OperationKind.Delete, Outcome: OperationOutcome.Ok });
        // The semaphore ran too: permits were granted on its slots and written under, and the slots were sampled.
        Assert.Contains(result.Operations, o => o is { Kind: OperationKind.AcquirePermit, Outcome: OperationOutcome.Ok });
        Assert.Contains(result.Operations, o => o is { Kind: OperationKind.Write, Outcome: OperationOutcome.Ok } && o.Resource!.StartsWith("semaphore:chaos-s0:", StringComparison.Ordinal));
        Assert.Contains(result.Operations, o => o is { Kind: OperationKind.GetLease, Outcome: OperationOutcome.Ok, Held: true } && o.Resource!.StartsWith("semaphore:", StringComparison.Ordinal));
        // Watchers followed every lease and an object, and (the seed's plan stops a node that serves some) resumed with Last-Event-ID.
        Assert.Contains(result.WatchEvents, e => e is { Object: false, Kind: "granted" });
        Assert.Contains(result.WatchEvents, e => e is { Object: true, Kind: "written" or "deleted" });
        Assert.True(result.WatchResumes > 0, "no watcher reconnected with Last-Event-ID");
        WatchChecksFindBreaksIn(result.WatchEvents);
        AssertSessionsRan(result);
    }

    /// <summary>The watch checks are not vacuous on a real run's streams: one change taken out, or one told otherwise, is caught.</summary>
    private static void WatchChecksFindBreaksIn(IReadOnlyList<WatchEvent> events)
    {
        static bool Middle(List<WatchEvent> s, int i) => s[i].IsChange && s[i + 1].IsChange && s[i + 1].Id == s[i - 1].Id + 2;
        var stream = events.GroupBy(e => e.Watcher).Select(g => g.ToList()).First(s => Enumerable.Range(1, s.Count - 2).Any(i => Middle(s, i)));
        var dropped = Enumerable.Range(1, stream.Count - 2).First(i => Middle(stream, i));
        Assert.Contains(WatchGaps.Check([.. events.Where(e => !ReferenceEquals(e, stream[dropped]))]),
            a => a.WatchEvents!.SequenceEqual([stream[dropped - 1], stream[dropped + 1]]));

        var twice = events.Where(e => e.IsChange).GroupBy(e => (e.Target, e.Id)).First(g => g.Select(e => e.Watcher).Distinct().Count() > 1).First();
        Assert.Contains(WatchAgreement.Check([.. events.Select(e => ReferenceEquals(e, twice) ? e with { Fence = e.Fence + 1 } : e)]),
            a => a.Kind == AnomalyKind.WatchEventsDisagree);
    }

    [Fact]
    public async Task A_seeded_run_of_elections_under_partitions_only_checks_out_with_terms_won_and_written_while_a_partition_was_in_force()
    {
        // Partitions alone, held long enough for the majority to vote a cut-off silo dead (about 2 s), with the elections
        // as the main workload: the election safety property is checked on terms won, renewed and written across them.
        var options = new ChaosOptions
        {
            Seed = FromEnvironment("LEASEHOLD_CHAOS_SEED", DefaultSeed),
            Duration = TimeSpan.FromSeconds(15),
            Workload = new WorkloadOptions { Clients = 2, Resources = 1, Elections = 1, Candidates = 3 },
            Nemesis = new NemesisOptions
            {
                Faults = [FaultKind.Partition],
                QuietMin = TimeSpan.FromMilliseconds(500),
                QuietMax = TimeSpan.FromSeconds(1),
                HoldMin = TimeSpan.FromSeconds(2),
                HoldMax = TimeSpan.FromSeconds(4),
            },
        };
        await using var cluster = await StartClusterAsync(fenceBlind: false);
        var nemesis = new TestClusterNemesis(cluster);

        var result = await new ChaosRun(nemesis, nemesis, options).RunAsync(CancellationToken.None);

        Report(result);
        await AssertChecksOutAsync(result);
        var partitions = result.Faults.Where(f => FaultPlan.KindOf(f.Kind) == FaultKind.Partition).ToList();
        Assert.NotEmpty(partitions);
        Assert.All(result.Faults, f => Assert.True(f.Kind is "partition" or "isolate" or "restart", $"a {f.Kind} fault in a partition-only run"));
        bool DuringPartition(Operation o) => partitions.Any(f => o.InvokedMs >= f.StartedMs && o.InvokedMs <= (f.EndedMs ?? double.MaxValue));
        Assert.Contains(result.Operations, o => o is { Kind: OperationKind.Campaign, Outcome: OperationOutcome.Ok } && DuringPartition(o));
        Assert.Contains(result.Operations, o => o is { Kind: OperationKind.Write, Outcome: OperationOutcome.Ok, Resource: "election:chaos-e0" } && DuringPartition(o));
        // Six watchers followed the one resource through the partitions, each change told to several of them.
        Assert.Contains(result.WatchEvents, e => e is { Object: false, Kind: "granted" } && partitions.Any(f => e.ReceivedMs >= f.StartedMs && e.ReceivedMs <= (f.EndedMs ?? double.MaxValue)));
        AssertSessionsRan(result);
    }

    [Fact]
    public async Task With_fence_checking_switched_off_the_checker_finds_acknowledged_stale_deletes()
    {
        // Late deletes and writes around tombstones: a store that does not compare fences acknowledges stale deletes and
        // lets lower fences bring deleted keys back.
        var options = new ChaosOptions
        {
            Seed = DefaultSeed,
            Duration = TimeSpan.FromSeconds(15),
            Workload = new WorkloadOptions { Clients = 6, Resources = 2, PausePastTtlProbability = 0.5, DeleteProbability = 0.6 },
            Nemesis = new NemesisOptions { Faults = [] },
        };
        await using var cluster = await StartClusterAsync(fenceBlind: true);
        var nemesis = new TestClusterNemesis(cluster);

        var result = await new ChaosRun(nemesis, nemesis, options).RunAsync(CancellationToken.None);

        Report(result);
        Assert.Contains(result.Report.Anomalies, a => a.Kind == AnomalyKind.StaleWriteAcknowledged && a.Operations.Any(o => o is { Late: true, Kind: OperationKind.Delete }));
    }

    [Fact]
    public async Task With_fence_checking_and_session_ends_switched_off_the_checker_finds_stale_writes_and_leases_outliving_their_sessions()
    {
        // No nemesis needed: clients that sleep past their TTL and then write are enough once the store stops comparing fences.
        // The same silos answer a session close without ending the session or its leases, which the sampler then sees held.
        var options = new ChaosOptions
        {
            Seed = DefaultSeed,
            Duration = TimeSpan.FromSeconds(15),
            Workload = new WorkloadOptions { Clients = 6, Resources = 2, PausePastTtlProbability = 0.5 },
            Nemesis = new NemesisOptions { Faults = [] },
        };
        await using var cluster = await StartClusterAsync(fenceBlind: true, sessionCloseBlind: true);
        var nemesis = new TestClusterNemesis(cluster);

        var result = await new ChaosRun(nemesis, nemesis, options).RunAsync(CancellationToken.None);

        Report(result);
        Assert.Contains(result.Report.Anomalies, a => a.Kind == AnomalyKind.StaleWriteAcknowledged && a.Operations.Any(o => o.Late));
        Assert.Contains(result.Report.Anomalies, a => a.Kind == AnomalyKind.SessionLeaseOutlivedSession && a.Operations.Any(o => o.Kind == OperationKind.CloseSession));
        // Leaders' writes rest on the same check: a leader that slept past its term and wrote late is caught too.
        Assert.Contains(result.Report.Anomalies, a => a.Kind == AnomalyKind.StaleWriteAcknowledged && a.Operations.Any(o => o is { Late: true, Resource: "election:chaos-e0" }));
    }

    /// <summary>Sessions ran beside the leases: opened, leases taken in them and written under, kept alive, closed, sampled.</summary>
    private static void AssertSessionsRan(ChaosResult result)
    {
        Assert.Contains(result.Operations, o => o is { Kind: OperationKind.OpenSession, Outcome: OperationOutcome.Ok });
        Assert.Contains(result.Operations, o => o is { Kind: OperationKind.Acquire, Outcome: OperationOutcome.Ok, SessionId: not null });
        Assert.Contains(result.Operations, o => o is { Kind: OperationKind.Write, Outcome: OperationOutcome.Ok, Resource: "chaos-x0" or "chaos-x1" });
        Assert.Contains(result.Operations, o => o is { Kind: OperationKind.KeepAliveSession, Outcome: OperationOutcome.Ok });
        Assert.Contains(result.Operations, o => o is { Kind: OperationKind.CloseSession, Outcome: OperationOutcome.Ok, ReleasedLeases: > 0 });
        Assert.Contains(result.Operations, o => o is { Kind: OperationKind.GetLease, Outcome: OperationOutcome.Ok, Held: true, Resource: "chaos-x0" or "chaos-x1" });
    }

    /// <summary>
    /// The run's history checks out. A run that does not keeps its history (a rare interleaving may not come again): it is
    /// written to a temporary file, named in the test's output and in the failure.
    /// </summary>
    private async Task AssertChecksOutAsync(ChaosResult result, [CallerMemberName] string test = "")
    {
        if (result.Report.IsValid)
        {
            return;
        }

        var path = Path.Combine(Path.GetTempPath(), $"leasehold-chaos-{test}-{result.Options.Seed.ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}.json");
        await HistoryDocument.Of(result, Nodes, $"LEASEHOLD_CHAOS_SEED={result.Options.Seed.ToString(CultureInfo.InvariantCulture)} dotnet test tests/Chaos.Tests --filter FullyQualifiedName~{test}").WriteAsync(path);
        output.WriteLine($"History: {path}");
        Assert.Fail($"{result.Report}{Environment.NewLine}History: {path}");
    }

    private static Task<TestCluster> StartClusterAsync(bool fenceBlind, bool sessionCloseBlind = false)
    {
        var builder = new TestClusterBuilder(Nodes);
        foreach (var (key, value) in ChaosCommand.ProcessSettings)
        {
            builder.WithSetting(key, value);
        }

        if (fenceBlind)
        {
            var store = new FenceBlindObjectStore();
            builder.ConfigureSilo(b => b.Services.AddSingleton<IFencedObjectStore>(store));
        }

        if (sessionCloseBlind)
        {
            builder.ConfigureSilo(b => b.Services.AddSingleton<Orleans.IIncomingGrainCallFilter, SessionCloseBlindFilter>());
        }

        return builder.BuildAndStartAsync();
    }

    private void Report(ChaosResult result)
    {
        var (refused, accepted, unknown) = result.LateWrites;
        output.WriteLine($"watchers: {result.WatchEvents.Count} events ({result.WatchEvents.Count(e => !e.IsChange)} resets), {result.WatchConnections.Count} connections, {result.WatchResumes} resumed with Last-Event-ID: "
            + string.Join(", ", result.WatchConnections.GroupBy(c => c.End).Select(g => $"{g.Key} {g.Count()}")));
        output.WriteLine($"seed {result.Options.Seed}: {result.Operations.Count} operations (ok {result.Count(OperationOutcome.Ok)}, fail {result.Count(OperationOutcome.Fail)}, unknown {result.Count(OperationOutcome.Unknown)}), "
            + $"{result.FaultsInjected} faults, {result.Restarts} restarts, recovered {result.Recovered}, late writes refused {refused} / accepted {accepted} / unknown {unknown}, {result.Report.Anomalies.Count} anomalies");
        foreach (var fault in result.Faults)
        {
            output.WriteLine(fault.ToString());
        }

        foreach (var anomaly in result.Report.Anomalies.Take(5))
        {
            output.WriteLine(anomaly.ToString());
        }
    }

    private static int FromEnvironment(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
}
