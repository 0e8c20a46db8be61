using Leasehold.Chaos.Checking;
using Leasehold.Chaos.Nemesis;
using Leasehold.Chaos.Recording;
using Leasehold.Chaos.Workload;

namespace Leasehold.Chaos;

/// <summary>
/// One chaos run against a cluster: the clients, the lease sampler, the watchers and the nemesis run together for the duration;
/// then the nemesis heals everything, the run waits (bounded) for every node to be back, reads every object one last
/// time, and checks the history. The same code drives a TestCluster in the tests and real processes in the command.
/// </summary>
public sealed class ChaosRun
{
    private static readonly TimeSpan FinalReadBackoff = TimeSpan.FromMilliseconds(200);
    private readonly IChaosCluster _cluster;
    private readonly ChaosOptions _options;
    private readonly TimeProvider _time;

    public ChaosRun(IChaosCluster cluster, INemesis nemesis, ChaosOptions options, TimeProvider? time = null)
    {
        _cluster = cluster;
        _options = options;
        _time = time ?? TimeProvider.System;
        History = new History(_time);
        Nemesis = new NemesisSchedule(cluster, nemesis, History, options.Nemesis, options.Seed);
    }

    /// <summary>The history as it grows (the progress line reads its counts).</summary>
    public History History { get; }

    /// <summary>The nemesis (the progress line reads how many faults it injected).</summary>
    public NemesisSchedule Nemesis { get; }

    /// <summary>Runs the workload and the nemesis, heals, reads, checks. Cancelling stops the run without a verdict.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<ChaosResult> RunAsync(CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var workload = _options.Workload;
        var timeout = workload.RequestTimeout;
        using (var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            stop.CancelAfter(_options.Duration);
            var clients = Enumerable.Range(0, workload.Clients).Select(i =>
                new ClientLoop(new ChaosClient($"c{i}", _cluster, History, timeout), _cluster.NodeCount, workload, new Random(Seeds.Derive(_options.Seed, i))).RunAsync(stop.Token));
            var candidates = Enumerable.Range(0, workload.Elections * workload.Candidates).Select(i =>
                new ElectionLoop(new ChaosClient($"e{i}", _cluster, History, timeout), workload.ElectionName(i % workload.Elections), _cluster.NodeCount, workload, new Random(Seeds.Derive(_options.Seed, Seeds.CandidateStreams + i))).RunAsync(stop.Token));
            var holders = Enumerable.Range(0, workload.Semaphores * workload.PermitHolders).Select(i =>
                new SemaphoreLoop(new ChaosClient($"s{i}", _cluster, History, timeout), workload.SemaphoreName(i % workload.Semaphores), _cluster.NodeCount, workload, new Random(Seeds.Derive(_options.Seed, Seeds.PermitHolderStreams + i))).RunAsync(stop.Token));
            var watchers = Enumerable.Range(0, workload.Watchers).Select(i =>
                new WatchLoop($"w{i}", workload.ResourceName(i % workload.Resources), objectWatch: false, _cluster, History, workload, new Random(Seeds.Derive(_options.Seed, Seeds.WatcherStreams + i))).RunAsync(stop.Token));
            var objectWatchers = Enumerable.Range(0, workload.ObjectWatchers).Select(i =>
                new WatchLoop($"o{i}", WorkloadOptions.KeyOf(workload.ResourceName(i % workload.Resources)), objectWatch: true, _cluster, History, workload, new Random(Seeds.Derive(_options.Seed, Seeds.WatcherStreams + 500_000 + i))).RunAsync(stop.Token));
            var sessionHolders = Enumerable.Range(0, workload.SessionHolders).Select(i =>
                new SessionLoop(new ChaosClient($"x{i}", _cluster, History, timeout), _cluster.NodeCount, workload, new Random(Seeds.Derive(_options.Seed, Seeds.SessionHolderStreams + i))).RunAsync(stop.Token));
            var sampler = new LeaseSampler(new ChaosClient("sampler", _cluster, History, timeout), _cluster.NodeCount, workload, new Random(Seeds.Derive(_options.Seed, Seeds.SamplerStream)));
            await Task.WhenAll([.. clients, .. candidates, .. holders, .. sessionHolders, .. watchers, .. objectWatchers, sampler.RunAsync(stop.Token), Nemesis.RunAsync(stop.Token)]).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        await Nemesis.HealAllAsync(cancellationToken).ConfigureAwait(false);
        var recovered = await _cluster.WaitUntilHealthyAsync(_options.RecoveryTimeout, cancellationToken).ConfigureAwait(false);
        await FinalReadsAsync(cancellationToken).ConfigureAwait(false);

        var operations = History.Operations.OrderBy(o => o.Id).ToList();
        var watchEvents = History.WatchEvents;
        var report = HistoryChecker.Check(operations, new CheckOptions { RequireFinalReads = true }, watchEvents);
        return new ChaosResult(_options, operations, History.Faults, Nemesis.Injected, Nemesis.Restarts, recovered, _time.GetElapsedTime(started), report)
        {
            WatchEvents = watchEvents,
            WatchConnections = History.WatchConnections,
        };
    }

    /// <summary>Reads every object once more, after healing and after every client stopped: the reads property (iii) rests on.</summary>
    private async Task FinalReadsAsync(CancellationToken cancellationToken)
    {
        var reader = new ChaosClient(new CheckOptions().FinalReader, _cluster, History, _options.Workload.RequestTimeout);
        var resources = Enumerable.Range(0, _options.Workload.Resources).Select(_options.Workload.ResourceName)
            .Concat(Enumerable.Range(0, _options.Workload.Elections).Select(e => ChaosClient.ElectionResource(_options.Workload.ElectionName(e))))
            .Concat(Enumerable.Range(0, _options.Workload.Semaphores * _options.Workload.Permits).Select(s => _options.Workload.SlotResource(s / _options.Workload.Permits, s % _options.Workload.Permits)))
            .Concat(Enumerable.Range(0, _options.Workload.SessionHolders > 0 ? _options.Workload.SessionResources : 0).Select(_options.Workload.SessionResourceName));
        foreach (var resource in resources)
        {
            var key = WorkloadOptions.KeyOf(resource);
            var deadline = _time.GetTimestamp();
            for (var attempt = 0; _time.GetElapsedTime(deadline) < _options.FinalReadTimeout; attempt++)
            {
                var (outcome, _) = await reader.ReadAsync(attempt % _cluster.NodeCount, key, cancellationToken).ConfigureAwait(false);
                if (outcome == OperationOutcome.Ok)
                {
                    break;
                }

                await Task.Delay(FinalReadBackoff, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
