using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Leasehold.Hosting;

/// <summary>
/// The <c>Cluster:Tls</c> section, read and checked when the silo or client is built, so that a bad setting stops the start
/// with one message per bad key (<see cref="StartupErrors"/>) before the process opens a port or joins.
/// </summary>
internal sealed record LeaseholdClusterTlsSettings(
    LeaseholdClusterTlsMode Mode,
    string? CertificatePath,
    string? CertificatePassword,
    string? CertificateThumbprint,
    StoreLocation CertificateStoreLocation,
    string GeneratedCertificatePath,
    IReadOnlySet<string> TrustedCertificateHashes,
    TimeSpan HandshakeTimeout)
{
    public const string Section = "Cluster:Tls";

    /// <summary>
    /// The key a problem with <see cref="GeneratedCertificatePath"/> is reported under: its own, or, when it was left to
    /// default beside the SQLite file, <c>Storage:ConnectionString</c>, the setting that put it there.
    /// </summary>
    public string GeneratedCertificateKey { get; init; } = $"{Section}:GeneratedCertificatePath";

    /// <summary>The generated certificate's file name, in the data folder.</summary>
    public const string GeneratedFileName = "cluster.pfx";

    /// <summary>How long a peer has to complete the TLS handshake before its connection is closed. Default 5 s.</summary>
    public static readonly TimeSpan DefaultHandshakeTimeout = TimeSpan.FromSeconds(5);

    public static LeaseholdClusterTlsSettings Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Section);
        var failures = new List<string>();

        var modeText = section["Mode"];
        var mode = LeaseholdClusterTlsMode.Generated;
        if (!string.IsNullOrWhiteSpace(modeText) &&
            (!Enum.TryParse(modeText, ignoreCase: true, out mode) || !Enum.IsDefined(mode) || int.TryParse(modeText, out _)))
        {
            failures.Add($"{Section}:Mode '{modeText}' is not a TLS mode; use Generated (the default), Certificate or Off.");
            mode = LeaseholdClusterTlsMode.Generated;
        }

        var path = Blank(section["CertificatePath"]);
        var password = section["CertificatePassword"];
        var thumbprint = Blank(section["CertificateThumbprint"])?.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        if (mode == LeaseholdClusterTlsMode.Certificate)
        {
            if (path is null && thumbprint is null)
            {
                failures.Add($"{Section}:CertificatePath is not set: with {Section}:Mode=Certificate, name a PFX file (or set {Section}:CertificateThumbprint for a certificate in the store).");
            }
            else if (path is not null && thumbprint is not null)
            {
                failures.Add($"{Section}:CertificateThumbprint and {Section}:CertificatePath are both set; name the certificate one way.");
            }
            else if (path is not null && !File.Exists(path))
            {
                failures.Add($"{Section}:CertificatePath '{path}' does not exist (seen from {Directory.GetCurrentDirectory()}).");
            }
            else if (thumbprint is not null && !IsHex(thumbprint, 40))
            {
                failures.Add($"{Section}:CertificateThumbprint '{thumbprint}' is not a certificate thumbprint (40 hexadecimal digits, the store's SHA-1 thumbprint).");
            }
        }

        var locationText = section["CertificateStoreLocation"];
        var location = StoreLocation.CurrentUser;
        if (!string.IsNullOrWhiteSpace(locationText) &&
            (!Enum.TryParse(locationText, ignoreCase: true, out location) || !Enum.IsDefined(location) || int.TryParse(locationText, out _)))
        {
            failures.Add($"{Section}:CertificateStoreLocation '{locationText}' is not a store location; use CurrentUser (the default) or LocalMachine.");
            location = StoreLocation.CurrentUser;
        }

        var trusted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var child in section.GetSection("TrustedCertificateHashes").GetChildren())
        {
            var hash = child.Value?.Replace(" ", string.Empty, StringComparison.Ordinal).Replace(":", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
            if (hash is null || !IsHex(hash, 64))
            {
                failures.Add($"{Section}:TrustedCertificateHashes:{child.Key} '{child.Value}' is not a certificate's SHA-256 hash (64 hexadecimal digits).");
            }
            else
            {
                trusted.Add(hash);
            }
        }

        var timeoutText = section["HandshakeTimeout"];
        var timeout = DefaultHandshakeTimeout;
        if (!string.IsNullOrWhiteSpace(timeoutText) &&
            (!TimeSpan.TryParse(timeoutText, CultureInfo.InvariantCulture, out timeout) || timeout <= TimeSpan.Zero || timeout > TimeSpan.FromMinutes(5)))
        {
            failures.Add($"{Section}:HandshakeTimeout '{timeoutText}' is not a time between 00:00:00.001 and 00:05:00.");
        }

        var configured = Blank(section["GeneratedCertificatePath"]);
        var generated = configured ?? DefaultGeneratedPath(configuration);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Section, typeof(LeaseholdClusterTlsSettings), failures);
        }

        return new LeaseholdClusterTlsSettings(mode, path, password, thumbprint, location, generated, trusted, timeout)
        {
            GeneratedCertificateKey = configured is null ? "Storage:ConnectionString" : $"{Section}:GeneratedCertificatePath",
        };
    }

    /// <summary>
    /// <c>cluster.pfx</c> in the folder of the SQLite file, so the processes that share one database (a several-process
    /// cluster on one machine) share one certificate; <c>data/cluster.pfx</c> when the database is elsewhere.
    /// </summary>
    private static string DefaultGeneratedPath(IConfiguration configuration)
    {
        var provider = configuration["Storage:Provider"] ?? "Sqlite";
        var connectionString = configuration["Storage:ConnectionString"] ?? "Data Source=data/leasehold.db";
        var folder = "data";
        if (string.Equals(provider, "Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var source = new SqliteConnectionStringBuilder(connectionString).DataSource;
                if (!string.IsNullOrWhiteSpace(source) && source != ":memory:" && !source.StartsWith("file::memory:", StringComparison.OrdinalIgnoreCase))
                {
                    folder = Path.GetDirectoryName(Path.GetFullPath(source)) ?? folder;
                }
            }
            catch (ArgumentException)
            {
                // A malformed connection string is Storage's to report; the certificate goes to the default folder.
            }
        }

        return Path.Combine(folder, GeneratedFileName);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static bool IsHex(string value, int length) => value.Length == length && value.All(char.IsAsciiHexDigit);
}
