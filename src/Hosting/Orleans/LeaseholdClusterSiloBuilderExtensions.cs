using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Leasehold.Hosting;

/// <summary>The <c>Cluster</c> section under an Orleans silo: identity, endpoints, failure detection and call timeouts.</summary>
public static class LeaseholdClusterSiloBuilderExtensions
{
    /// <summary>The section <see cref="UseLeaseholdFailureDetection"/> binds over its defaults (Orleans' <c>ClusterMembershipOptions</c> names).</summary>
    public const string MembershipSection = "Cluster:Membership";

    /// <summary>The grain call timeout's key (Orleans' <c>SiloMessagingOptions.ResponseTimeout</c> and <c>ClientMessagingOptions.ResponseTimeout</c>).</summary>
    public const string CallTimeoutKey = "Cluster:Messaging:CallTimeout";

    /// <summary>The section bound to Orleans' <c>GrainCollectionOptions</c> (<c>CollectionAge</c>, <c>CollectionQuantum</c>, <c>DeactivationTimeout</c>).</summary>
    public const string ActivationSection = "Cluster:Activation";

    /// <summary>
    /// Configures the silo from the <c>Cluster</c> section (<see cref="LeaseholdClusterOptions"/>, validated at start):
    /// <c>ClusterId</c> (also the <c>ServiceId</c>), the silo's address and port (0: a free one), its gateway port
    /// (unset: <paramref name="gatewayByDefault"/> picks a free one or none), Leasehold's failure detection, the grain
    /// call timeout and idle-activation collection. Clustering itself is <c>UseLeaseholdClustering</c>.
    /// </summary>
    public static ISiloBuilder UseLeaseholdCluster(this ISiloBuilder builder, IConfiguration configuration, bool gatewayByDefault)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var services = builder.Services;
        services.AddSingleton<IValidateOptions<LeaseholdClusterOptions>, LeaseholdClusterOptionsValidator>();
        services.AddOptions<LeaseholdClusterOptions>().Bind(configuration.GetSection(LeaseholdClusterOptions.Section)).ValidateOnStart();
        services.AddOptions<ClusterOptions>().Configure<IOptions<LeaseholdClusterOptions>>((o, cluster) =>
        {
            o.ClusterId = cluster.Value.ClusterId;
            o.ServiceId = cluster.Value.ClusterId;
        });
        services.AddOptions<EndpointOptions>().Configure<IOptions<LeaseholdClusterOptions>>((o, cluster) =>
        {
            var settings = cluster.Value;
            // An unparsable address fails validation at start; this runs only once the options are asked for.
            var address = IPAddress.TryParse(settings.SiloAddress, out var parsed) ? parsed : IPAddress.Loopback;
            o.AdvertisedIPAddress = address;
            o.SiloPort = settings.SiloPort == 0 ? FreePort(address) : settings.SiloPort;
            o.GatewayPort = settings.GatewayPort ?? (gatewayByDefault ? FreePort(address) : 0);
        });
        builder.UseLeaseholdFailureDetection(configuration);
        services.AddOptions<SiloMessagingOptions>().Configure(o =>
            o.ResponseTimeout = configuration.GetValue(CallTimeoutKey, o.ResponseTimeout));
        services.AddOptions<GrainCollectionOptions>().Bind(configuration.GetSection(ActivationSection));
        return builder;
    }

    /// <summary>
    /// Failure detection tuned for leases: a silo that stops answering is declared dead in about 2–3 s instead of
    /// Orleans' 15 s or more, and a silo declared dead learns it within a second of its next table read (see
    /// docs/membership.md for what each value trades). <c>Cluster:Membership</c> overrides any of them by Orleans' names,
    /// the removal of old Dead rows too (<c>DefunctSiloCleanupPeriod</c>, <c>DefunctSiloExpiration</c>, <c>MaxDefunctSiloEntries</c>,
    /// checked at start).
    /// </summary>
    public static ISiloBuilder UseLeaseholdFailureDetection(this ISiloBuilder builder, IConfiguration? configuration = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<ClusterMembershipOptions>().Configure(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(1);
            o.MaxProbeTimeout = TimeSpan.FromSeconds(1);
            o.NumMissedProbesLimit = 2;
            o.NumVotesForDeathDeclaration = 2;
            o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
            o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(2);
            o.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(10);
        });
        if (configuration is not null)
        {
            options.Bind(configuration.GetSection(MembershipSection));
        }

        builder.Services.AddSingleton<IValidateOptions<ClusterMembershipOptions>, LeaseholdMembershipOptionsValidator>();
        options.ValidateOnStart();

        return builder;
    }

    /// <summary>A port nobody listens on now, for a silo or gateway port left to the host to choose.</summary>
    private static int FreePort(IPAddress address)
    {
        using var probe = new TcpListener(address, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
