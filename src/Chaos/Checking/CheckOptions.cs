namespace Leasehold.Chaos.Checking;

/// <summary>What the checker may assume about the run.</summary>
public sealed record CheckOptions
{
    /// <summary>
    /// Slack for comparing the client's clock with durations the service measured on its own monotonic clock
    /// (the service truncates to whole ticks and milliseconds). Default 2 ms.
    /// </summary>
    public double ClockToleranceMs { get; init; } = 2;

    /// <summary>The client whose reads are the final reads after healing. Default <c>final</c>.</summary>
    public string FinalReader { get; init; } = "final";

    /// <summary>Whether every key with an acknowledged write must have a successful final read. Default false (hand-made histories).</summary>
    public bool RequireFinalReads { get; init; }
}
