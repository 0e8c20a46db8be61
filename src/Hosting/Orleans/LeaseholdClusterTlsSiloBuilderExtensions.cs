using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Hosting;

namespace Leasehold.Hosting;

/// <summary>
/// Silo-to-silo security: only members of the cluster can connect to a silo's silo and gateway ports, and a silo talks
/// only to members. Mutual TLS (Microsoft.Orleans.Connections.Security) with a certificate every member shares, pinned by
/// its hash (docs/security.md, "Silo-to-silo security").
/// </summary>
public static class LeaseholdClusterTlsSiloBuilderExtensions
{
    /// <summary>
    /// Puts mutual TLS on the silo port, the gateway port and every outbound silo connection, as <c>Cluster:Tls</c> says:
    /// <c>Mode</c> = <c>Generated</c> (default: a self-signed certificate made on first start at
    /// <c>GeneratedCertificatePath</c>, by default <c>cluster.pfx</c> beside the SQLite file), <c>Certificate</c>
    /// (<c>CertificatePath</c> and <c>CertificatePassword</c>, or <c>CertificateThumbprint</c> in the
    /// <c>CertificateStoreLocation</c>/My store) or <c>Off</c>. A peer is admitted only if it presents this certificate or
    /// one in <c>TrustedCertificateHashes</c>. The settings are checked and the certificate loaded (or made) here, so a bad
    /// one fails the start with an <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> naming the key.
    /// </summary>
    public static ISiloBuilder UseLeaseholdClusterTls(this ISiloBuilder builder, IConfiguration configuration)
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
