using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Leasehold.Benchmarks;

/// <summary>
/// The two ways Leasehold's callers reach grains, with nothing of Leasehold's in between: the API host's co-hosted silo
/// (its own grain factory, no network hop) and an Orleans client of a two-silo <see cref="InProcessTestCluster"/> (the
/// call goes to a gateway over loopback TCP and, for a grain placed on the other silo, one silo-to-silo hop more).
/// </summary>
public sealed class BenchSilos : IAsyncDisposable
{
    private readonly IHost? _host;
    private readonly InProcessTestCluster? _cluster;

    private BenchSilos(IHost? host, InProcessTestCluster? cluster) => (_host, _cluster) = (host, cluster);

    /// <summary>Who the benchmark calls through: the co-hosted silo's grain factory, or the cluster's client.</summary>
    public IGrainFactory Grains => _host?.Services.GetRequiredService<IGrainFactory>() ?? _cluster!.Client;

    /// <summary>One silo in a generic host, on localhost clustering, as the API host co-hosts it.</summary>
    public static async Task<BenchSilos> StartCoHostedAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        var (siloPort, gatewayPort) = (FreeLoopbackPort(), FreeLoopbackPort());
        builder.UseOrleans(silo => silo.UseLocalhostClustering(siloPort, gatewayPort));
        var host = builder.Build();
        await host.StartAsync().ConfigureAwait(false);
        return new BenchSilos(host, null);
    }

    /// <summary>Two silos and a client in this process (Orleans' TestingHost), over loopback TCP.</summary>
    public static async Task<BenchSilos> StartClusterAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.Options.ConfigureFileLogging = false;
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync().ConfigureAwait(false);
            return new BenchSilos(null, cluster);
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync().ConfigureAwait(false);
            await ((IAsyncDisposable)_host).DisposeAsync().ConfigureAwait(false);
        }

        if (_cluster is not null)
        {
            await _cluster.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>A port the system had free a moment ago: Orleans advertises its ports, so they are chosen before it starts.</summary>
    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
