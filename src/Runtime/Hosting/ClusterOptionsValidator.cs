using System.Net;
using Leasehold.Runtime.Messaging;
using Microsoft.Extensions.Options;

namespace Leasehold.Runtime.Hosting;

/// <summary>Checks the <c>Cluster</c> section at start; each failure names its configuration key.</summary>
internal sealed class ClusterOptionsValidator : IValidateOptions<ClusterOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ClusterId) || options.ClusterId.Length > 64 ||
            !options.ClusterId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            failures.Add($"Cluster:ClusterId '{options.ClusterId}' must be 1–64 characters of A-Z a-z 0-9 - _ .");
        }

        if (!IPAddress.TryParse(options.SiloAddress, out _))
        {
            failures.Add($"Cluster:SiloAddress '{options.SiloAddress}' is not an IP address (for example 127.0.0.1).");
        }

        if (options.SiloPort is < 0 or > 65535)
        {
            failures.Add($"Cluster:SiloPort {options.SiloPort} must be a TCP port from 1 to 65535 (or 0: any free port).");
        }

        if (options.Secret.Length > 0 && ClusterSecret.TryDecode(options.Secret) is null)
        {
            failures.Add($"Cluster:Secret must be base64 of at least {ClusterSecret.MinBytes} bytes (or empty: kept in the database).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
