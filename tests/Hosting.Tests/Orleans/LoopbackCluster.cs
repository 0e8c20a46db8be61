using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace Leasehold.Hosting.Tests.Orleans;

/// <summary>
/// Real silo hosts on 127.0.0.1 with distinct silo and gateway ports (real sockets, unlike the in-process test cluster's
/// in-memory transport), each calling <c>UseLeaseholdClusterTls</c> with a configuration of its own.
/// </summary>
internal sealed class LoopbackCluster : IAsyncDisposable
{
    public const string ClusterId = "tls-test";

    private readonly List<IHost> _silos = [];

    private LoopbackCluster(string folder) => Folder = folder;

    /// <summary>The data folder the members use (the generated certificate is made here).</summary>
    public string Folder { get; }

    public string CertificatePath => Path.Combine(Folder, "cluster.pfx");

    public IConfiguration MemberConfiguration => TlsCluster.Configuration(Folder, Mode);

    public string Mode { get; private init; } = "Generated";

    public IReadOnlyList<IHost> Silos => _silos;

    public IReadOnlyList<IPEndPoint> SiloEndpoints { get; private set; } = [];

    public IReadOnlyList<IPEndPoint> GatewayEndpoints { get; private set; } = [];

    /// <summary>Starts <paramref name="count"/> silos together, the first one the primary of the development membership table.</summary>
    public static async Task<LoopbackCluster> StartAsync(int count, string mode = "Generated")
    {
        var cluster = new LoopbackCluster(Directory.CreateTempSubdirectory("leasehold-loopback-").FullName) { Mode = mode };
        var ports = FreePorts(2 * count);
        cluster.SiloEndpoints = [.. ports.Take(count).Select(p => new IPEndPoint(IPAddress.Loopback, p))];
        cluster.GatewayEndpoints = [.. ports.Skip(count).Select(p => new IPEndPoint(IPAddress.Loopback, p))];
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var hosts = Enumerable.Range(0, count).Select(i => BuildSilo(cluster.SiloEndpoints[i], cluster.GatewayEndpoints[i], cluster.SiloEndpoints[0], cluster.MemberConfiguration)).ToList();
            cluster._silos.AddRange(hosts);
            await Task.WhenAll(hosts.Select(h => h.StartAsync(deadline.Token)));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public static IHost BuildSilo(IPEndPoint silo, IPEndPoint gateway, IPEndPoint primary, IConfiguration tls)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(s => s
            .UseLocalhostClustering(silo.Port, gateway.Port, primary, serviceId: ClusterId, clusterId: ClusterId)
            .Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.MaxProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
            })
            .UseLeaseholdClusterTls(tls));
        return builder.Build();
    }

    /// <summary>A client of the cluster that tries to connect <paramref name="attempts"/> times, then fails its start with the reason.</summary>
    public static async Task<IHost> ConnectClientAsync(IPEndPoint gateway, IConfiguration tls, CancellationToken cancellation, int attempts = 3)
    {
        var failures = 0;
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client => client
            .UseStaticClustering(gateway)
            // Bounded: a refused client fails its start with the reason instead of retrying until cancelled.
            .UseConnectionRetryFilter((_, _) => Task.FromResult(Interlocked.Increment(ref failures) < attempts))
            .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (ClusterId, ClusterId))
            .UseLeaseholdClusterTls(tls));
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellation);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    public static IGrainFactory GrainsOf(IHost host) => host.Services.GetRequiredService<IGrainFactory>();

    public static SiloAddress AddressOf(IHost host) => host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

    public async ValueTask DisposeAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        foreach (var silo in Enumerable.Reverse(_silos))
        {
            try
            {
                await silo.StopAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                // The silo is abandoned; the test is over.
            }

            silo.Dispose();
        }

        Directory.Delete(Folder, recursive: true);
    }

    /// <summary>Builds and starts one more member from the members' data folder, on ports of its own.</summary>
    public async Task<IHost> StartAnotherMemberAsync(CancellationToken cancellation)
    {
        var ports = FreePorts(2);
        var silo = BuildSilo(new IPEndPoint(IPAddress.Loopback, ports[0]), new IPEndPoint(IPAddress.Loopback, ports[1]), SiloEndpoints[0], MemberConfiguration);
        _silos.Add(silo);
        await silo.StartAsync(cancellation);
        return silo;
    }

    /// <summary>Ports the system hands out as free on 127.0.0.1 at this moment.</summary>
    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ =>
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return listener;
        }).ToList();
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        listeners.ForEach(l => l.Stop());
        return ports;
    }
}
