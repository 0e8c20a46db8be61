using System.Net;
using Microsoft.Extensions.Options;

namespace Leasehold.Hosting;

/// <summary>Checks the <c>Cluster</c> section before the silo starts; each failure names its key.</summary>
internal sealed class LeaseholdClusterOptionsValidator : IValidateOptions<LeaseholdClusterOptions>
{
    public ValidateOptionsResult Validate(string? name, LeaseholdClusterOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ClusterId) || options.ClusterId.Length > 64 ||
            !options.ClusterId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            failures.Add($"Cluster:ClusterId '{options.ClusterId}' must be 1–64 characters of A-Z a-z 0-9 - _ .");
        }

        if (!IPAddress.TryParse(options.SiloAddress, out var address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            failures.Add($"Cluster:SiloAddress '{options.SiloAddress}' is not an IP address other silos can reach (for example 127.0.0.1).");
        }

        if (options.SiloPort is < 0 or > 65535)
        {
            failures.Add($"Cluster:SiloPort {options.SiloPort} must be a TCP port from 1 to 65535 (or 0: any free port).");
        }

        if (options.GatewayPort is < 0 or > 65535)
        {
            failures.Add($"Cluster:GatewayPort {options.GatewayPort} must be a TCP port from 1 to 65535 (or 0: no gateway).");
        }
        else if (options.GatewayPort is { } gateway and > 0 && gateway == options.SiloPort)
        {
            failures.Add($"Cluster:GatewayPort {gateway} is also Cluster:SiloPort; give the gateway a port of its own.");
        }

        if (options.DeadSiloDisplayAge <= TimeSpan.Zero)
        {
            failures.Add($"Cluster:DeadSiloDisplayAge {options.DeadSiloDisplayAge} must be a positive duration such as 01:00:00 (hh:mm:ss).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
