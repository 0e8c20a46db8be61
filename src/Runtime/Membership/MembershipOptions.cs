using System.ComponentModel.DataAnnotations;

namespace Leasehold.Runtime.Membership;

/// <summary>
/// Failure detection; bound from <c>Cluster:Membership</c>. Defaults are for a LAN: a silo that stops
/// answering is suspected after about <see cref="ProbeInterval"/> × <see cref="MissedProbesLimit"/> +
/// <see cref="ProbeTimeout"/> and declared dead once a majority of the other active silos voted, which with
/// <see cref="TableRefreshInterval"/> comes to about 2 s.
/// </summary>
public sealed class MembershipOptions
{
    /// <summary>How often each silo probes each of the silos it watches. Default 500 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a probe may take before it counts as missed. Default 500 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Missed probes in a row before a silo votes its peer suspect. Default 2.</summary>
    [Range(1, 100)]
    public int MissedProbesLimit { get; set; } = 2;

    /// <summary>
    /// How many other active silos each silo watches at least (its successors on a ring of the view). Default 3.
    /// In clusters of more than twice this many silos each watches a majority's worth instead, so that enough watchers exist to outvote.
    /// </summary>
    [Range(1, 100)]
    public int ProbedSilos { get; set; } = 3;

    /// <summary>Votes older than this do not count towards a majority. Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan SuspicionWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a silo re-reads the table (it also re-reads when it sees a newer version in a message). Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan TableRefreshInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a silo writes its I-am-alive time. Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan IAmAliveInterval { get; set; } = TimeSpan.FromSeconds(1);
}
