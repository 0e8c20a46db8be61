using Leasehold.Chaos.Nemesis;
using Leasehold.Chaos.Workload;

namespace Leasehold.Chaos;

/// <summary>One chaos run: how long, which seed, what the clients do, what the nemesis may do.</summary>
public sealed record ChaosOptions
{
    /// <summary>The seed every client's, the sampler's and the nemesis's decisions derive from.</summary>
    public int Seed { get; init; }

    /// <summary>How long clients and nemesis run before healing, final reads and the check. Default 60 s.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(60);

    public WorkloadOptions Workload { get; init; } = new();

    public NemesisOptions Nemesis { get; init; } = new();

    /// <summary>How long, after healing, to wait for every node to be back and Active before the final reads. Default 60 s.</summary>
    public TimeSpan RecoveryTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long to keep trying the final read of each key. Default 30 s.</summary>
    public TimeSpan FinalReadTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
