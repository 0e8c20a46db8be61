namespace Leasehold.Hosting;

/// <summary>
/// Who this silo is and which cluster it joins; bound from the <c>Cluster</c> section and turned into Orleans'
/// <c>ClusterOptions</c> and <c>EndpointOptions</c> by <see cref="LeaseholdClusterSiloBuilderExtensions.UseLeaseholdCluster"/>.
/// </summary>
public sealed class LeaseholdClusterOptions
{
    public const string Section = "Cluster";

    /// <summary>
    /// The cluster's name (Orleans' <c>ClusterId</c>, and its <c>ServiceId</c>, which keys grain state); silos of another
    /// cluster sharing the database are strangers. Default <c>leasehold</c>.
    /// </summary>
    public string ClusterId { get; set; } = "leasehold";

    /// <summary>The IP address this silo listens on and publishes in the membership table. Default <c>127.0.0.1</c>.</summary>
    public string SiloAddress { get; set; } = "127.0.0.1";

    /// <summary>The TCP port for silo-to-silo traffic; 0 picks a free one. Default 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>
    /// The TCP port Orleans clients (an API with <c>Api:Role=Client</c>) connect to, published in the membership table.
    /// Unset: the host's default — none in the API (it serves HTTP itself), a free port in <c>src/Silo</c>, so several
    /// processes on one machine never collide. 0: no gateway.
    /// </summary>
    public int? GatewayPort { get; set; }

    /// <summary>
    /// How long a Dead silo stays listed by <c>GET /v1/cluster</c> and the dashboard after its last heartbeat (or the last
    /// vote on it): older Dead rows are left out of the list but still counted. Only what is shown; Orleans removes old
    /// rows from the table itself (<c>Cluster:Membership:DefunctSiloCleanupPeriod</c> and <c>DefunctSiloExpiration</c>).
    /// Default 1 hour.
    /// </summary>
    public TimeSpan DeadSiloDisplayAge { get; set; } = TimeSpan.FromHours(1);
}
