using Leasehold.Hosting;
using Leasehold.TestingHost;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace Leasehold.Faults.Tests;

/// <summary>
/// A three-silo <see cref="InProcessTestCluster"/> with faults on every silo and Leasehold's failure detection
/// (<c>UseLeaseholdFailureDetection</c>): a silo that stops answering is declared dead in seconds.
/// Each test starts its own and disposes it.
/// </summary>
internal sealed class FaultyCluster : IAsyncDisposable
{
    /// <summary>A named grain storage on every silo, to show it ends up behind the pause gate.</summary>
    public const string StorageName = "faults-test";

    /// <summary>The bound on every wait for membership to notice a fault.</summary>
    public static readonly TimeSpan Detection = TimeSpan.FromSeconds(20);

    private FaultyCluster(InProcessTestCluster cluster) => Cluster = cluster;

    public InProcessTestCluster Cluster { get; }

    public IReadOnlyList<InProcessSiloHandle> Silos => Cluster.Silos;

    public static async Task<FaultyCluster> StartAsync(TimeSpan? responseTimeout = null)
    {
        var builder = new InProcessTestClusterBuilder(3);
        builder.Options.ConfigureFileLogging = false;
        builder.AddLeaseholdFaults();
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(StorageName);
            // The product's own failure detection (docs/membership.md), so these tests measure what a Leasehold silo does.
            silo.UseLeaseholdFailureDetection();
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = responseTimeout ?? TimeSpan.FromSeconds(5));
        });
        builder.ConfigureClient(client => client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = responseTimeout ?? TimeSpan.FromSeconds(5)));
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
            return new FaultyCluster(cluster);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public FaultController Faults(InProcessSiloHandle silo) => Cluster.GetFaultController(silo);

    /// <summary>The grain factory inside <paramref name="silo"/> (calls from there go over silo-to-silo connections).</summary>
    public static IGrainFactory GrainsOf(InProcessSiloHandle silo) => silo.ServiceProvider.GetRequiredService<IGrainFactory>();

    /// <summary>The status of <paramref name="subject"/> in <paramref name="observer"/>'s membership view.</summary>
    public static SiloStatus StatusIn(InProcessSiloHandle observer, InProcessSiloHandle subject) =>
        observer.ServiceProvider.GetRequiredService<IClusterMembershipService>().CurrentSnapshot.GetSiloStatus(subject.SiloAddress);

    /// <summary>An echo grain activated on <paramref name="host"/> (its first call comes from there, and it prefers local placement).</summary>
    public static async Task<IEchoGrain> GrainOnAsync(InProcessSiloHandle host, string key)
    {
        var grain = GrainsOf(host).GetGrain<IEchoGrain>(key);
        var where = await grain.Where();
        return where.Equals(host.SiloAddress) ? grain : throw new InvalidOperationException($"Echo grain {key} landed on {where}, not {host.SiloAddress}.");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in Cluster.Silos)
        {
            try
            {
                if (silo.ServiceProvider.GetService<FaultController>() is { } faults)
                {
                    faults.Resume();
                    faults.Heal();
                }
            }
            catch (ObjectDisposedException)
            {
                // A silo that stopped itself (fail-stop) has nothing left to resume.
            }
        }

        await Cluster.DisposeAsync();
    }
}
