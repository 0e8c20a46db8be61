namespace Leasehold.Chaos.Nemesis;

/// <summary>How the nemesis draws its faults.</summary>
public sealed record NemesisOptions
{
    /// <summary>The fault families to draw from. Default: all.</summary>
    public IReadOnlyList<FaultKind> Faults { get; init; } = Enum.GetValues<FaultKind>();

    /// <summary>Shortest and longest calm between faults. Default 1–3 s.</summary>
    public TimeSpan QuietMin { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan QuietMax { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Shortest and longest a fault stays in force. Default 0.3–5 s (failure detection votes a silent silo dead in about 2 s).</summary>
    public TimeSpan HoldMin { get; init; } = TimeSpan.FromMilliseconds(300);

    public TimeSpan HoldMax { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Largest wall-clock offset of a skew fault. Default 400 ms: with one node skewed at a time, two nodes' clocks
    /// stay within <c>Leases:ClockUncertainty</c> (default 1 s), the bound the lease service assumes.
    /// </summary>
    public TimeSpan ClockOffsetMax { get; init; } = TimeSpan.FromMilliseconds(400);

    /// <summary>Largest wall-clock drift of a skew fault, in parts per million. Default 100.</summary>
    public double DriftPpmMax { get; init; } = 100;

    /// <summary>Largest message delay of a delay fault. Default 1.5 s.</summary>
    public TimeSpan DelayMax { get; init; } = TimeSpan.FromMilliseconds(1_500);

    /// <summary>How long to wait for the cluster to settle before the next fault. Default 30 s.</summary>
    public TimeSpan SettleTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
