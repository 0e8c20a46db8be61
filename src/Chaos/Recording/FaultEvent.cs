namespace Leasehold.Chaos.Recording;

/// <summary>One fault the nemesis injected, on the history's clock; <see cref="EndedMs"/> is when it was undone (null: never).</summary>
/// <param name="Id">Order of injection.</param>
/// <param name="Kind">kill, stop, pause, partition, isolate, delay, skew.</param>
/// <param name="Description">What exactly: which nodes, how long, how much.</param>
/// <param name="StartedMs">When the nemesis began injecting it.</param>
/// <param name="EndedMs">When the nemesis had undone it.</param>
public sealed record FaultEvent(long Id, string Kind, string Description, double StartedMs, double? EndedMs)
{
    public override string ToString() => $"fault #{Id} {Kind} {Description} [{StartedMs:0.0}, {(EndedMs is { } end ? end.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) : "…")}]";
}
