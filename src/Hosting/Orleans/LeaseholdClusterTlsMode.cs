namespace Leasehold.Hosting;

/// <summary>How the silo and gateway ports admit peers: <c>Cluster:Tls:Mode</c>.</summary>
public enum LeaseholdClusterTlsMode
{
    /// <summary>
    /// The default: mutual TLS with a self-signed certificate generated on first start into the data folder
    /// (<c>Cluster:Tls:GeneratedCertificatePath</c>, by default <c>cluster.pfx</c> beside the SQLite file) and shared by
    /// every process that uses that folder. Peers are trusted by the certificate's exact SHA-256 hash.
    /// </summary>
    Generated,

    /// <summary>Mutual TLS with a certificate the operator configures (a PFX file or a store thumbprint), trusted by its exact hash.</summary>
    Certificate,

    /// <summary>No TLS: any process that reaches the ports can join the cluster and call its grains. Only for a network nobody else is on.</summary>
    Off,
}
