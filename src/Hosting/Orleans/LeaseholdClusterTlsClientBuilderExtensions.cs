using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Hosting;

namespace Leasehold.Hosting;

/// <summary>The client side of <see cref="LeaseholdClusterTlsSiloBuilderExtensions"/>: a cluster client that talks to TLS gateways.</summary>
public static class LeaseholdClusterTlsClientBuilderExtensions
{
    /// <summary>
    /// Puts mutual TLS on the client's gateway connections, with the same <c>Cluster:Tls</c> settings as the silos: the
    /// client presents the cluster certificate and talks only to a gateway that presents a pinned one. With the generated
    /// certificate the client must see the silos' data folder (or a copy of their <c>cluster.pfx</c>).
    /// </summary>
    public static IClientBuilder UseLeaseholdClusterTls(this IClientBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = LeaseholdClusterTlsSettings.Read(configuration);
        var certificate = settings.Mode == LeaseholdClusterTlsMode.Off ? null : LeaseholdClusterCertificate.Load(settings, TimeProvider.System);
        builder.Services.AddHostedService(services => new LeaseholdClusterTlsAnnouncement(certificate, services.GetRequiredService<ILogger<LeaseholdClusterTlsAnnouncement>>()));
        if (certificate is null)
        {
            return builder;
        }

        builder.Services.AddSingleton(certificate);
        return builder.UseTls(certificate.Configure);
    }
}
