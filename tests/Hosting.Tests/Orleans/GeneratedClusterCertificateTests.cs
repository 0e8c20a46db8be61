using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace Leasehold.Hosting.Tests.Orleans;

public sealed class GeneratedClusterCertificateTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "leasehold-generated-" + Guid.NewGuid().ToString("N"));

    private string PfxPath => Path.Combine(_folder, "data", "cluster.pfx");

    [Fact]
    public void The_first_start_creates_the_certificate_and_a_restart_reuses_it()
    {
        using var first = GeneratedClusterCertificate.GetOrCreate(PfxPath, TimeProvider.System);
        var written = File.GetLastWriteTimeUtc(PfxPath);
        var bytes = File.ReadAllBytes(PfxPath);
        using var second = GeneratedClusterCertificate.GetOrCreate(PfxPath, TimeProvider.System);

        Assert.Equal(LeaseholdClusterCertificate.HashOf(first), LeaseholdClusterCertificate.HashOf(second));
        Assert.Equal(bytes, File.ReadAllBytes(PfxPath));
        Assert.Equal(written, File.GetLastWriteTimeUtc(PfxPath));
        Assert.True(first.HasPrivateKey);
    }

    [Fact]
    public void The_certificate_is_self_signed_for_server_and_client_authentication_and_readable_by_its_owner_only()
    {
        using var certificate = GeneratedClusterCertificate.GetOrCreate(PfxPath, TimeProvider.System);
        Assert.Equal(certificate.Subject, certificate.Issuer);
        var purposes = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value);
        Assert.Equal(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"], purposes.Order());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(PfxPath));
        }
    }

    [Fact]
    public async Task Silos_starting_together_end_with_one_certificate_that_all_of_them_use()
    {
        const int starters = 8;
        using var barrier = new Barrier(starters);
        var starts = Enumerable.Range(0, starters).Select(_ => Task.Run(() =>
        {
            barrier.SignalAndWait(TimeSpan.FromSeconds(10));
            using var certificate = GeneratedClusterCertificate.GetOrCreate(PfxPath, TimeProvider.System);
            return LeaseholdClusterCertificate.HashOf(certificate);
        }));
        var hashes = await Task.WhenAll(starts);

        using var onDisk = LeaseholdClusterCertificate.LoadPfx(PfxPath, password: null);
        Assert.All(hashes, h => Assert.Equal(LeaseholdClusterCertificate.HashOf(onDisk), h));
        Assert.Equal(["cluster.pfx"], Directory.GetFiles(Path.GetDirectoryName(PfxPath)!).Select(Path.GetFileName));
    }

    [Fact]
    public void A_start_that_loses_the_race_drops_its_own_certificate_and_reads_the_winners()
    {
        using var winner = GeneratedClusterCertificate.GetOrCreate(PfxPath, TimeProvider.System);

        // The loser had seen no file, made its own certificate and then found the winner's in place.
        using var loser = GeneratedClusterCertificate.CreateAndPublish(PfxPath, TimeProvider.System);

        Assert.Equal(LeaseholdClusterCertificate.HashOf(winner), LeaseholdClusterCertificate.HashOf(loser));
        Assert.Equal(["cluster.pfx"], Directory.GetFiles(Path.GetDirectoryName(PfxPath)!).Select(Path.GetFileName));
    }

    [Fact]
    public void A_damaged_certificate_file_fails_the_start_with_a_message_naming_the_key_and_is_left_alone()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(PfxPath)!);
        File.WriteAllText(PfxPath, "not a certificate");
        var error = Assert.Throws<OptionsValidationException>(() => GeneratedClusterCertificate.GetOrCreate(PfxPath, TimeProvider.System));
        Assert.StartsWith("Cluster:Tls:GeneratedCertificatePath", Assert.Single(error.Failures), StringComparison.Ordinal);
        Assert.Equal("not a certificate", File.ReadAllText(PfxPath));
    }

    [Fact]
    public void A_folder_that_cannot_be_made_fails_the_start_with_a_message_naming_the_key()
    {
        Directory.CreateDirectory(_folder);
        var file = Path.Combine(_folder, "a-file");
        File.WriteAllText(file, "in the way");
        var error = Assert.Throws<OptionsValidationException>(() => GeneratedClusterCertificate.GetOrCreate(Path.Combine(file, "cluster.pfx"), TimeProvider.System));
        var failure = Assert.Single(error.Failures);
        Assert.StartsWith("Cluster:Tls:GeneratedCertificatePath", failure, StringComparison.Ordinal);
        Assert.Contains("cannot be created at", failure, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
