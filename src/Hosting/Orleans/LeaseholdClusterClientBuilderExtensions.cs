using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Leasehold.Hosting;

/// <summary>The <c>Cluster</c> section under an Orleans client: which cluster, and how long a grain call may take.</summary>
public static class LeaseholdClusterClientBuilderExtensions
{
    /// <summary>
    /// Joins the client to <c>Cluster:ClusterId</c> (validated at start) with <c>Cluster:Messaging:CallTimeout</c> as its
    /// call timeout. Gateways come from <c>UseLeaseholdClustering</c>.
    /// </summary>
    public static IClientBuilder UseLeaseholdCluster(this IClientBuilder builder, IConfiguration configuration)
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
        services.AddOptions<ClientMessagingOptions>().Configure(o =>
            o.ResponseTimeout = configuration.GetValue(LeaseholdClusterSiloBuilderExtensions.CallTimeoutKey, o.ResponseTimeout));
        // Orleans' default is a minute; a silo started since is used within seconds.
        services.AddOptions<GatewayOptions>().Configure(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
        return builder;
    }
}
