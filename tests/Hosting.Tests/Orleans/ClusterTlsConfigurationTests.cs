using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Leasehold.Hosting.Tests.Orleans;

/// <summary><c>Cluster:Tls</c> is checked when the silo or client is built: each bad key gets one message that names it.</summary>
public sealed class ClusterTlsConfigurationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("leasehold-tls-config-").FullName;

    [Theory]
    [InlineData("Bogus")]
    [InlineData("1")]
    public void An_unknown_mode_is_refused_naming_the_mode_key(string mode)
    {
        var failure = Assert.Single(SiloFailures(new() { ["Cluster:Tls:Mode"] = mode }));
        Assert.StartsWith("Cluster:Tls:Mode", failure, StringComparison.Ordinal);
        Assert.Contains("Generated", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Certificate_mode_without_a_certificate_names_the_path_key()
    {
        var failure = Assert.Single(SiloFailures(new() { ["Cluster:Tls:Mode"] = "Certificate" }));
        Assert.StartsWith("Cluster:Tls:CertificatePath is not set", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_path_that_does_not_exist_names_the_path_key()
    {
        var failure = Assert.Single(SiloFailures(new() { ["Cluster:Tls:Mode"] = "Certificate", ["Cluster:Tls:CertificatePath"] = Path.Combine(_folder, "missing.pfx") }));
        Assert.StartsWith("Cluster:Tls:CertificatePath", failure, StringComparison.Ordinal);
        Assert.Contains("does not exist", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_password_names_the_password_key()
    {
        var path = WritePfx("right", withKey: true);
        var failure = Assert.Single(SiloFailures(new() { ["Cluster:Tls:Mode"] = "Certificate", ["Cluster:Tls:CertificatePath"] = path, ["Cluster:Tls:CertificatePassword"] = "wrong" }));
        Assert.StartsWith("Cluster:Tls:CertificatePassword", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_without_its_private_key_names_the_path_key()
    {
        var path = WritePfx("right", withKey: false);
        var failure = Assert.Single(SiloFailures(new() { ["Cluster:Tls:Mode"] = "Certificate", ["Cluster:Tls:CertificatePath"] = path, ["Cluster:Tls:CertificatePassword"] = "right" }));
        Assert.StartsWith("Cluster:Tls:CertificatePath", failure, StringComparison.Ordinal);
        Assert.Contains("no private key", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-hex")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF0123456")]
    public void A_malformed_thumbprint_names_the_thumbprint_key(string thumbprint)
    {
        var failure = Assert.Single(SiloFailures(new() { ["Cluster:Tls:Mode"] = "Certificate", ["Cluster:Tls:CertificateThumbprint"] = thumbprint }));
        Assert.StartsWith("Cluster:Tls:CertificateThumbprint", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_thumbprint_not_in_the_store_names_the_thumbprint_key()
    {
        var failure = Assert.Single(SiloFailures(new() { ["Cluster:Tls:Mode"] = "Certificate", ["Cluster:Tls:CertificateThumbprint"] = new string('A', 40) }));
        Assert.StartsWith("Cluster:Tls:CertificateThumbprint", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_path_and_a_thumbprint_together_are_refused()
    {
        var failure = Assert.Single(SiloFailures(new()
        {
            ["Cluster:Tls:Mode"] = "Certificate",
            ["Cluster:Tls:CertificatePath"] = WritePfx("right", withKey: true),
            ["Cluster:Tls:CertificateThumbprint"] = new string('A', 40),
        }));
        Assert.StartsWith("Cluster:Tls:CertificateThumbprint and Cluster:Tls:CertificatePath are both set", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_bad_keys_get_one_message_each()
    {
        var failures = SiloFailures(new()
        {
            ["Cluster:Tls:CertificateStoreLocation"] = "Attic",
            ["Cluster:Tls:TrustedCertificateHashes:0"] = "1234",
            ["Cluster:Tls:HandshakeTimeout"] = "soon",
        });
        Assert.Collection(failures,
            f => Assert.StartsWith("Cluster:Tls:CertificateStoreLocation 'Attic'", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Cluster:Tls:TrustedCertificateHashes:0 '1234'", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Cluster:Tls:HandshakeTimeout 'soon'", f, StringComparison.Ordinal));
    }

    [Fact]
    public void A_client_with_a_bad_mode_is_refused_the_same_way()
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var error = Assert.Throws<OptionsValidationException>(() => builder.UseOrleansClient(c => c.UseLeaseholdClusterTls(Configuration(new() { ["Cluster:Tls:Mode"] = "Bogus" }))));
        Assert.StartsWith("Cluster:Tls:Mode", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void Certificate_mode_presents_the_operators_certificate_and_admits_it_and_the_listed_hashes_only()
    {
        var path = WritePfx("right", withKey: true);
        using var other = GeneratedClusterCertificate.GetOrCreate(Path.Combine(_folder, "other.pfx"), TimeProvider.System);
        using var stranger = GeneratedClusterCertificate.GetOrCreate(Path.Combine(_folder, "stranger.pfx"), TimeProvider.System);
        var certificate = SiloCertificate(new()
        {
            ["Cluster:Tls:Mode"] = "certificate",
            ["Cluster:Tls:CertificatePath"] = path,
            ["Cluster:Tls:CertificatePassword"] = "right",
            ["Cluster:Tls:TrustedCertificateHashes:0"] = LeaseholdClusterCertificate.HashOf(other).ToLowerInvariant(),
        });
        Assert.NotNull(certificate);
        using var configured = LeaseholdClusterCertificate.LoadPfx(path, "right");

        Assert.Equal(LeaseholdClusterCertificate.HashOf(configured), certificate.Hash);
        Assert.True(certificate.Admits(configured));
        Assert.True(certificate.Admits(other));
        Assert.False(certificate.Admits(stranger));
        Assert.False(File.Exists(Path.Combine(_folder, "cluster.pfx")));
    }

    [Fact]
    public void The_default_generates_the_certificate_beside_the_sqlite_file()
    {
        var certificate = SiloCertificate(new() { ["Storage:ConnectionString"] = $"Data Source={Path.Combine(_folder, "db", "leasehold.db")}" });
        var pfx = Path.Combine(_folder, "db", "cluster.pfx");
        Assert.True(File.Exists(pfx));
        using var onDisk = LeaseholdClusterCertificate.LoadPfx(pfx, password: null);
        Assert.Equal(LeaseholdClusterCertificate.HashOf(onDisk), certificate?.Hash);
    }

    [Fact]
    public void Off_adds_no_tls_and_writes_no_certificate()
    {
        Assert.Null(SiloCertificate(new() { ["Cluster:Tls:Mode"] = "Off", ["Storage:ConnectionString"] = $"Data Source={Path.Combine(_folder, "leasehold.db")}" }));
        Assert.Empty(Directory.GetFiles(_folder));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static IConfiguration Configuration(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private IReadOnlyList<string> SiloFailures(Dictionary<string, string?> values)
    {
        values.TryAdd("Storage:ConnectionString", $"Data Source={Path.Combine(_folder, "leasehold.db")}");
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var error = Assert.Throws<OptionsValidationException>(() => builder.UseOrleans(silo => silo.UseLeaseholdClusterTls(Configuration(values))));
        return [.. error.Failures];
    }

    /// <summary>The certificate the silo built from <paramref name="values"/> registered, or null.</summary>
    private static LeaseholdClusterCertificate? SiloCertificate(Dictionary<string, string?> values)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo => silo.UseLeaseholdClusterTls(Configuration(values)));
        return builder.Services.SingleOrDefault(d => d.ServiceType == typeof(LeaseholdClusterCertificate))?.ImplementationInstance as LeaseholdClusterCertificate;
    }

    private string WritePfx(string password, bool withKey)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=operator", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(TimeProvider.System.GetUtcNow().AddDays(-1), TimeProvider.System.GetUtcNow().AddDays(30));
        var path = Path.Combine(_folder, withKey ? "operator.pfx" : "public-only.pfx");
        var bytes = withKey
            ? certificate.Export(X509ContentType.Pfx, password)
            : new X509Certificate2Collection(X509CertificateLoader.LoadCertificate(certificate.RawData)).Export(X509ContentType.Pfx, password)!;
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
