namespace Leasehold.Runtime.Hosting;

/// <summary>Who this silo is and which cluster it belongs to; bound from the <c>Cluster</c> configuration section.</summary>
public sealed class ClusterOptions
{
    public const string Section = "Cluster";

    /// <summary>The cluster's name; silos of other clusters are strangers. Default <c>leasehold</c>.</summary>
    public string ClusterId { get; set; } = "leasehold";

    /// <summary>The IP address this silo listens on for other silos. Default <c>127.0.0.1</c>.</summary>
    public string SiloAddress { get; set; } = "127.0.0.1";

    /// <summary>The TCP port this silo listens on for other silos; 0 picks a free one (tests). Default 11111.</summary>
    public int SiloPort { get; set; } = 11111;
}
