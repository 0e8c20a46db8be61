using Microsoft.Extensions.Configuration;
using Orleans.Hosting;

namespace Leasehold.Hosting;

/// <summary>Leasehold's membership table as an Orleans client's gateway list.</summary>
public static class LeaseholdStorageClientBuilderExtensions
{
    /// <summary>
    /// Finds gateways in Leasehold's membership table on the database that <c>Storage:Provider</c> and
    /// <c>Storage:ConnectionString</c> name: the Active silos with a gateway (proxy) port, for Orleans' <c>ClusterOptions.ClusterId</c>.
    /// </summary>
    public static IClientBuilder UseLeaseholdClustering(this IClientBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        LeaseholdStorageConfiguration.Bind(builder.Services, configuration).AddGatewayListProvider(builder.Services);
        return builder;
    }
}
