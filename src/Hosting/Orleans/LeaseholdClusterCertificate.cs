using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Orleans.Connections.Security;

namespace Leasehold.Hosting;

/// <summary>
/// The certificate this process presents on the silo and gateway ports, and the set of certificates it admits: its own
/// and any listed in <c>Cluster:Tls:TrustedCertificateHashes</c>, each by the SHA-256 hash of the whole certificate.
/// No certificate authority is trusted, so a certificate that is not pinned is refused however it was issued.
/// </summary>
internal sealed class LeaseholdClusterCertificate
{
    private readonly HashSet<string> _pins;

    private LeaseholdClusterCertificate(X509Certificate2 certificate, string source, IEnumerable<string> trusted, TimeSpan handshakeTimeout)
    {
        Certificate = certificate;
        Source = source;
        Hash = HashOf(certificate);
        _pins = new HashSet<string>(trusted, StringComparer.Ordinal) { Hash };
        HandshakeTimeout = handshakeTimeout;
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>Where the certificate came from, for the start's log line.</summary>
    public string Source { get; }

    /// <summary>How many certificates are admitted (this one and the listed hashes).</summary>
    public int PinCount => _pins.Count;

    /// <summary>The SHA-256 hash of <see cref="Certificate"/>, upper-case hexadecimal: the pin peers know it by.</summary>
    public string Hash { get; }

    public TimeSpan HandshakeTimeout { get; }

    public static LeaseholdClusterCertificate Load(LeaseholdClusterTlsSettings settings, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var certificate = settings.Mode switch
        {
            LeaseholdClusterTlsMode.Generated => GeneratedClusterCertificate.GetOrCreate(settings.GeneratedCertificatePath, time, settings.GeneratedCertificateKey),
            LeaseholdClusterTlsMode.Certificate when settings.CertificatePath is { } path => FromFile(path, settings.CertificatePassword),
            LeaseholdClusterTlsMode.Certificate => FromStore(settings.CertificateThumbprint!, settings.CertificateStoreLocation),
            _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Mode, "TLS is off; there is no certificate."),
        };
        var source = settings.Mode == LeaseholdClusterTlsMode.Generated ? $"generated, {Path.GetFullPath(settings.GeneratedCertificatePath)}"
            : settings.CertificatePath is { } file ? $"file {Path.GetFullPath(file)}"
            : $"store {settings.CertificateStoreLocation}/My, thumbprint {settings.CertificateThumbprint}";
        return new LeaseholdClusterCertificate(certificate, source, settings.TrustedCertificateHashes, settings.HandshakeTimeout);
    }

    public static string HashOf(X509Certificate2 certificate) => certificate.GetCertHashString(HashAlgorithmName.SHA256);

    /// <summary>True for a peer that presents a pinned certificate; the chain and host name do not matter (nothing is trusted by issuer).</summary>
    public bool Admits(X509Certificate2 peer) => _pins.Contains(HashOf(peer));

    /// <summary>Mutual TLS both ways: present <see cref="Certificate"/>, require the peer's and admit only pinned ones.</summary>
    public void Configure(TlsOptions options)
    {
        options.LocalCertificate = Certificate;
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.RemoteCertificateValidation = (peer, _, _) => Admits(peer);
        options.SslProtocols = SslProtocols.Tls13 | SslProtocols.Tls12;
        options.HandshakeTimeout = HandshakeTimeout;
    }

    internal static X509Certificate2 LoadPfx(string path, string? password) =>
        X509CertificateLoader.LoadPkcs12FromFile(path, password,
            // Linux keeps PFX keys in memory anyway; Windows' TLS needs a key it can find in a key store.
            OperatingSystem.IsWindows() ? X509KeyStorageFlags.DefaultKeySet : X509KeyStorageFlags.EphemeralKeySet);

    private static X509Certificate2 FromFile(string path, string? password)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = LoadPfx(path, password);
        }
        catch (CryptographicException ex)
        {
            throw Invalid($"{LeaseholdClusterTlsSettings.Section}:CertificatePassword does not open {LeaseholdClusterTlsSettings.Section}:CertificatePath '{path}' " +
                          $"(a wrong password, or not a PKCS#12/PFX file): {ex.Message}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Invalid($"{LeaseholdClusterTlsSettings.Section}:CertificatePath '{path}' cannot be read: {ex.Message}");
        }

        return Usable(certificate, $"{LeaseholdClusterTlsSettings.Section}:CertificatePath '{path}'");
    }

    private static X509Certificate2 FromStore(string thumbprint, StoreLocation location)
    {
        using var store = new X509Store(StoreName.My, location);
        try
        {
            store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
        }
        catch (CryptographicException ex)
        {
            throw Invalid($"{LeaseholdClusterTlsSettings.Section}:CertificateThumbprint '{thumbprint}': the {location}/My store cannot be opened: {ex.Message}");
        }

        var found = store.Certificates.Find(X509FindType.FindByThumbprint, thumbprint, validOnly: false);
        return found.Count == 0
            ? throw Invalid($"{LeaseholdClusterTlsSettings.Section}:CertificateThumbprint '{thumbprint}' is not in the {location}/My store.")
            : Usable(found[0], $"{LeaseholdClusterTlsSettings.Section}:CertificateThumbprint '{thumbprint}'");
    }

    private static X509Certificate2 Usable(X509Certificate2 certificate, string named)
    {
        if (!certificate.HasPrivateKey)
        {
            throw Invalid($"{named} has no private key; a member must prove it holds the key, so the certificate needs one.");
        }

        foreach (var usage in certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>())
        {
            var purposes = usage.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value).ToHashSet();
            if (!purposes.Contains("1.3.6.1.5.5.7.3.1") || !purposes.Contains("1.3.6.1.5.5.7.3.2"))
            {
                throw Invalid($"{named} is not allowed for both server and client authentication (its extended key usage); every member is both.");
            }
        }

        return certificate;
    }

    internal static OptionsValidationException Invalid(string failure) =>
        new(LeaseholdClusterTlsSettings.Section, typeof(LeaseholdClusterTlsSettings), [failure]);
}
