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

    /// <summary>
    /// The secret every silo (and grain client) of the cluster proves it knows when it connects to another: base64, at
    /// least 32 bytes. Empty (the default): a random secret is created once in the shared database, so silos that share
    /// the database share it; grain clients then need it configured explicitly.
    /// </summary>
    public string Secret { get; set; } = string.Empty;
}
