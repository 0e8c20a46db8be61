using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Leasehold.Hosting;

/// <summary>
/// The local default's certificate: self-signed, made on first start into the data folder and read by every later start
/// and by every other process that uses the folder. Two processes starting together both end with the one file: each
/// writes a complete certificate to a temporary file and links it into place only if no file is there yet (a move
/// without overwrite, atomic on one file system); the loser deletes its own and reads the winner's.
/// </summary>
internal static class GeneratedClusterCertificate
{
    public const string Subject = "CN=Leasehold cluster (generated)";

    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(100 * 365);

    /// <summary>The certificate at <paramref name="path"/>, made there first if there is none; a problem is reported under <paramref name="key"/>.</summary>
    public static X509Certificate2 GetOrCreate(string path, TimeProvider time, string key = DefaultKey)
    {
        ArgumentNullException.ThrowIfNull(time);
        return File.Exists(path) ? Read(path, key) : CreateAndPublish(path, time, key);
    }

    private const string DefaultKey = $"{LeaseholdClusterTlsSettings.Section}:GeneratedCertificatePath";

    /// <summary>Creates a certificate and publishes it at <paramref name="path"/> unless one is there already; answers the one that is.</summary>
    internal static X509Certificate2 CreateAndPublish(string path, TimeProvider time, string key = DefaultKey)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full) ?? throw LeaseholdClusterCertificate.Invalid($"{key}: '{path}' names no folder.");
        var temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(folder);
            Write(temporary, NewPfx(time));
            try
            {
                File.Move(temporary, full, overwrite: false);
            }
            catch (IOException) when (File.Exists(full))
            {
                // Another process published first: everyone uses its certificate, so ours is dropped.
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw LeaseholdClusterCertificate.Invalid(
                $"{key}: the cluster certificate cannot be created at '{path}': {ex.Message}");
        }
        finally
        {
            // Exists first: File.Delete throws if the folder itself could not be made, which would hide the reason.
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }

        return Read(full, key);
    }

    private static X509Certificate2 Read(string path, string key)
    {
        try
        {
            return LeaseholdClusterCertificate.LoadPfx(path, password: null);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw LeaseholdClusterCertificate.Invalid(
                $"{key}: '{path}' holds no readable cluster certificate ({ex.Message}); " +
                "copy the cluster's certificate there, or delete the file to generate a new one (every process of the cluster must then use the new one).");
        }
    }

    private static byte[] NewPfx(TimeProvider time)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(Subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));

        // Every member is both a TLS server (its silo and gateway ports) and a TLS client (its outbound connections).
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication"), new Oid("1.3.6.1.5.5.7.3.2", "Client Authentication")], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var now = time.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now + Lifetime);
        return certificate.Export(X509ContentType.Pfx);
    }

    private static void Write(string path, byte[] pfx)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            // The file holds the private key that admits a process to the cluster: readable by the service's user only.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var file = new FileStream(path, options);
        file.Write(pfx);
        file.Flush(flushToDisk: true);
    }
}
