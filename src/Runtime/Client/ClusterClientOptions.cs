using System.Net;
using System.Text.Json.Serialization.Metadata;

namespace Leasehold.Runtime.Client;

/// <summary>How a <see cref="ClusterClient"/> reaches the cluster.</summary>
public sealed class ClusterClientOptions
{
    /// <summary>The cluster's id; a silo of another cluster drops the connection.</summary>
    public string ClusterId { get; set; } = "leasehold";

    /// <summary>
    /// The cluster secret (base64, as the silos' <c>Cluster:Secret</c>, at least 32 bytes): the client proves it knows
    /// it, and checks that the gateway does. Required.
    /// </summary>
    public string Secret { get; set; } = string.Empty;

    /// <summary>Silo endpoints (<c>Cluster:SiloAddress</c>:<c>Cluster:SiloPort</c>) to use as gateways, tried in turn.</summary>
    public IList<IPEndPoint> Gateways { get; } = [];

    /// <summary>How long a call waits for its answer before its outcome is unknown. Default 30 s.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long connecting to a gateway may take. Default 2 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Largest frame accepted from a gateway. Default 16 MiB.</summary>
    public int MaxFrameBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Source-generated JSON metadata for the grain interfaces' argument and result types (reflection otherwise).</summary>
    public IList<IJsonTypeInfoResolver> JsonResolvers { get; } = [];
}
