using Leasehold.Chaos.Recording;

namespace Leasehold.Chaos.Nemesis;

/// <summary>
/// The nemesis's loop: one fault at a time, drawn from the seed (<see cref="Plans"/>), injected through an
/// <see cref="INemesis"/>, held, undone, and recorded in the history. Before each fault it restarts any node
/// that stopped itself (a silo voted dead stops, fail-stop) and waits, bounded, for the cluster to settle, so
/// every fault hits a whole cluster. The plan is reproducible from the seed; when it runs is real time.
/// </summary>
public sealed class NemesisSchedule(IChaosCluster cluster, INemesis nemesis, History history, NemesisOptions options, int seed)
{
    private const int MaxFaults = 100_000;
    private static readonly TimeSpan UndoTimeout = TimeSpan.FromSeconds(30);
    private readonly HashSet<int> _skewed = [];
    private int _injected;
    private int _restarts;
    private int _errors;

    /// <summary>Faults injected so far.</summary>
    public int Injected => Volatile.Read(ref _injected);

    /// <summary>Nodes restarted after they stopped themselves (voted dead while paused or cut off).</summary>
    public int Restarts => Volatile.Read(ref _restarts);

    /// <summary>Fault primitives that failed (the fault was then not in force).</summary>
    public int Errors => Volatile.Read(ref _errors);

    /// <summary>
    /// The faults the seed decides, in order: the same seed, options and node count give the same sequence. The first
    /// ones cover every kind asked for (that the node count allows), each once.
    /// </summary>
    public static IEnumerable<FaultPlan> Plans(int seed, NemesisOptions options, int nodeCount)
    {
        var random = new Random(Seeds.Derive(seed, Seeds.NemesisStream));
        var kinds = options.Faults.Where(k => nodeCount >= 2 || k is not (FaultKind.Partition or FaultKind.Delay)).Distinct().ToArray();
        if (kinds.Length == 0 || nodeCount < 1)
        {
            yield break;
        }

        // Every kind asked for comes once first, in an order the seed shuffles, then kinds are drawn at random: a short
        // run still exercises everything the user asked for.
        var firsts = kinds.ToArray();
        random.Shuffle(firsts);
        for (var drawn = 0L; ; drawn++)
        {
            // Draw every value every time, in one order, so the sequence never depends on which kind came up.
            var quiet = Between(random, options.QuietMin, options.QuietMax);
            var randomKind = kinds[random.Next(kinds.Length)];
            var kind = drawn < firsts.Length ? firsts[drawn] : randomKind;
            var node = random.Next(nodeCount);
            var other = nodeCount >= 2 ? (node + 1 + random.Next(nodeCount - 1)) % nodeCount : node;
            var variant = random.NextDouble() < (kind == FaultKind.Kill ? 0.25 : 0.5);
            var hold = Between(random, options.HoldMin, options.HoldMax);
            var delay = Between(random, TimeSpan.FromMilliseconds(50), options.DelayMax);
            var offset = Between(random, TimeSpan.FromMilliseconds(50), options.ClockOffsetMax) * (random.Next(2) == 0 ? -1 : 1);
            var drift = (random.NextDouble() * 2 - 1) * options.DriftPpmMax;
            yield return new FaultPlan(quiet, kind, node, other, variant, hold, delay, offset, drift);
        }
    }

    /// <summary>Injects faults until <paramref name="stop"/>; the fault in force when it comes is undone before this returns.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        foreach (var plan in Plans(seed, options, cluster.NodeCount).Take(MaxFaults))
        {
            try
            {
                await Task.Delay(plan.Quiet, stop).ConfigureAwait(false);
                await RestartStoppedNodesAsync(stop).ConfigureAwait(false);
                await cluster.WaitUntilHealthyAsync(options.SettleTimeout, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }

            await InjectAsync(plan, stop).ConfigureAwait(false);
        }
    }

    /// <summary>Undoes everything: resumes, heals, restores clocks, starts every stopped node. For the end of a run.</summary>
    public async Task HealAllAsync(CancellationToken cancellationToken)
    {
        for (var node = 0; node < cluster.NodeCount; node++)
        {
            if (nemesis.IsRunning(node))
            {
                await TryAsync(ct => nemesis.ResumeAsync(node, ct), cancellationToken).ConfigureAwait(false);
            }
        }

        await TryAsync(nemesis.HealAsync, cancellationToken).ConfigureAwait(false);
        foreach (var node in _skewed.ToArray())
        {
            await RestoreClockAsync(node, cancellationToken).ConfigureAwait(false);
        }

        await RestartStoppedNodesAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task InjectAsync(FaultPlan plan, CancellationToken stop)
    {
        var id = history.BeginFault(plan.Name, plan.Describe(cluster.NameOf));
        Interlocked.Increment(ref _injected);
        var injected = await TryAsync(ct => StartFaultAsync(plan, ct), stop).ConfigureAwait(false);
        try
        {
            if (injected)
            {
                await Task.Delay(plan.Hold, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The run is over: undo the fault now rather than after its hold.
        }
        finally
        {
            using var undo = new CancellationTokenSource(UndoTimeout);
            await TryAsync(ct => EndFaultAsync(plan, ct), undo.Token).ConfigureAwait(false);
            history.EndFault(id);
        }
    }

    private Task StartFaultAsync(FaultPlan plan, CancellationToken ct)
    {
        switch (plan.Kind)
        {
            case FaultKind.Kill:
                return plan.Variant ? nemesis.StopAsync(plan.Node, ct) : nemesis.KillAsync(plan.Node, ct);
            case FaultKind.Pause:
                return nemesis.PauseAsync(plan.Node, plan.Hold, ct);
            case FaultKind.Partition:
                return plan.Variant ? nemesis.IsolateAsync(plan.Node, ct) : nemesis.PartitionAsync(plan.Node, plan.Other, ct);
            case FaultKind.Delay:
                return DelayAsync(plan, ct);
            default:
                _skewed.Add(plan.Node);
                return nemesis.SkewClockAsync(plan.Node, plan.ClockOffset, plan.DriftPpm, ct);
        }
    }

    private async Task DelayAsync(FaultPlan plan, CancellationToken ct)
    {
        await nemesis.DelayAsync(plan.Node, plan.Other, plan.Delay, ct).ConfigureAwait(false);
        if (plan.Variant)
        {
            await nemesis.DelayAsync(plan.Other, plan.Node, plan.Delay, ct).ConfigureAwait(false);
        }
    }

    private Task EndFaultAsync(FaultPlan plan, CancellationToken ct) => plan.Kind switch
    {
        FaultKind.Kill => nemesis.IsRunning(plan.Node) ? Task.CompletedTask : nemesis.StartAsync(plan.Node, ct),
        FaultKind.Pause => nemesis.IsRunning(plan.Node) ? nemesis.ResumeAsync(plan.Node, ct) : Task.CompletedTask,
        FaultKind.Skew => RestoreClockAsync(plan.Node, ct),
        _ => nemesis.HealAsync(ct),
    };

    private async Task RestoreClockAsync(int node, CancellationToken ct)
    {
        // A node that restarted since has a true clock already; its fault controller is new.
        if (nemesis.IsRunning(node) && await TryAsync(c => nemesis.SkewClockAsync(node, TimeSpan.Zero, 0, c), ct).ConfigureAwait(false))
        {
            _skewed.Remove(node);
        }
    }

    private async Task RestartStoppedNodesAsync(CancellationToken ct)
    {
        for (var node = 0; node < cluster.NodeCount; node++)
        {
            if (!nemesis.IsRunning(node))
            {
                var id = history.BeginFault("restart", $"{cluster.NameOf(node)} had stopped (voted dead, fail-stop); started again");
                if (await TryAsync(c => nemesis.StartAsync(node, c), ct).ConfigureAwait(false))
                {
                    Interlocked.Increment(ref _restarts);
                }

                history.EndFault(id);
            }
        }
    }

    /// <summary>Runs a primitive; a failure (the node went away meanwhile, an admin call timed out) is counted, not thrown.</summary>
    private async Task<bool> TryAsync(Func<CancellationToken, Task> action, CancellationToken ct)
    {
        try
        {
            await action(ct).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or IOException or TimeoutException
            || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            Interlocked.Increment(ref _errors);
            return false;
        }
    }

    private static TimeSpan Between(Random random, TimeSpan min, TimeSpan max) =>
        min + (max - min) * random.NextDouble();
}
