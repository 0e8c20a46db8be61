using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Leasehold.Api.Security;

/// <summary>Warns loudly at start when the API listens beyond loopback with authentication off.</summary>
internal sealed partial class SecurityStartupCheck(IServer server, IHostApplicationLifetime lifetime, IOptions<AuthOptions> options, ILogger<SecurityStartupCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var exposed = addresses.Where(a => !IsLoopback(a)).ToList();
            if (options.Value.Mode == AuthMode.None && exposed.Count > 0)
            {
                LogExposedWithoutAuth(logger, string.Join(", ", exposed));
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Whether a listening address (as Kestrel reports it) is reachable only from this machine.</summary>
    internal static bool IsLoopback(string address)
    {
        if (!Uri.TryCreate(address.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return false;
        }

        return uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }

    [LoggerMessage(EventId = 3100, Level = LogLevel.Warning, Message = "!!! AUTHENTICATION IS OFF and the API listens beyond loopback ({Addresses}): anyone who can reach it can take and release any lease. Set Auth:Mode=ApiKey (see docs/security.md).")]
    private static partial void LogExposedWithoutAuth(ILogger logger, string addresses);
}
