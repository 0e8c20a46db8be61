using System.Globalization;

namespace Leasehold.Chaos.Nemesis;

/// <summary>
/// One fault as the seed decides it, before anything runs: after <see cref="Quiet"/>, inject <see cref="Kind"/> on
/// node <see cref="Node"/> (and <see cref="Other"/> for two-node faults), hold it for <see cref="Hold"/>, undo it.
/// </summary>
/// <param name="Quiet">The calm before the fault.</param>
/// <param name="Kind">The family.</param>
/// <param name="Node">The target.</param>
/// <param name="Other">The second node of a partition or delay (never <see cref="Node"/> when there are two or more nodes).</param>
/// <param name="Variant">Kill: graceful stop instead. Partition: isolate instead. Delay: both directions.</param>
/// <param name="Hold">How long the fault stays in force.</param>
/// <param name="Delay">The message delay (delay faults).</param>
/// <param name="ClockOffset">The wall-clock offset (skew faults).</param>
/// <param name="DriftPpm">The wall-clock drift (skew faults).</param>
public sealed record FaultPlan(TimeSpan Quiet, FaultKind Kind, int Node, int Other, bool Variant, TimeSpan Hold, TimeSpan Delay, TimeSpan ClockOffset, double DriftPpm)
{
    /// <summary>The fault's name in the history: kill, stop, pause, partition, isolate, delay, skew.</summary>
    public string Name => Kind switch
    {
        FaultKind.Kill => Variant ? "stop" : "kill",
        FaultKind.Partition => Variant ? "isolate" : "partition",
        _ => Kind.ToString().ToLowerInvariant(),
    };

    /// <summary>The family of a fault named <paramref name="name"/> in the history (<see cref="Name"/>); null for other events (restart).</summary>
    public static FaultKind? KindOf(string name) => name switch
    {
        "kill" or "stop" => FaultKind.Kill,
        "pause" => FaultKind.Pause,
        "partition" or "isolate" => FaultKind.Partition,
        "delay" => FaultKind.Delay,
        "skew" => FaultKind.Skew,
        _ => null,
    };

    /// <summary>What it does, for reports, with nodes named by <paramref name="nameOf"/>.</summary>
    public string Describe(Func<int, string> nameOf)
    {
        var hold = Ms(Hold);
        return Kind switch
        {
            FaultKind.Kill => $"{nameOf(Node)} {(Variant ? "stopped gracefully" : "killed")}, down for {hold}",
            FaultKind.Pause => $"{nameOf(Node)} paused for {hold}",
            FaultKind.Partition => Variant ? $"{nameOf(Node)} isolated for {hold}" : $"{nameOf(Node)} ⟷ {nameOf(Other)} cut for {hold}",
            FaultKind.Delay => $"{nameOf(Node)} {(Variant ? "⟷" : "→")} {nameOf(Other)} messages delayed {Ms(Delay)} for {hold}",
            _ => $"{nameOf(Node)} clock {(ClockOffset >= TimeSpan.Zero ? "+" : "−")}{Ms(ClockOffset.Duration())}, drift {DriftPpm.ToString("0", CultureInfo.InvariantCulture)} ppm for {hold}",
        };
    }

    private static string Ms(TimeSpan span) => $"{span.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms";
}
