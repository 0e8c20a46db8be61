using System.Net;
using Leasehold.Grains.Tokens;
using Leasehold.Hosting;
using Leasehold.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;

namespace Leasehold.Grains.Tests;

/// <summary>
/// One Orleans silo in this process with Leasehold's grains (<c>AddLeasehold</c>) and Leasehold's clustering
/// (<c>UseLeaseholdClustering</c>), both on the test's SQLite file, as a real host composes them. The test owns the
/// database file, so a second silo (a restart, or a duplicate) can open the same one.
/// </summary>
/// <remarks>
/// A clock given to <see cref="StartAsync"/> drives only the grains: it is registered for Orleans'
/// <see cref="TimeProviderNames.Grains"/> area, which the lease grain and its grain timers resolve. Membership, messaging
/// (response timeouts), activation collection and the database keep the system clock, so moving the test's clock
/// expires leases and ends waits, but never times out a call, declares a silo dead or collects an activation.
/// </remarks>
public sealed class TestSilo : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private TestSilo(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public Orleans.IGrainFactory Grains => Services.GetRequiredService<Orleans.IGrainFactory>();

    /// <summary>The silo's signer; its key is loaded once any grain has activated.</summary>
    internal TokenSigner Signer => Services.GetRequiredService<TokenSigner>();

    public ILeaseGrain Lease(string resource) => Grains.GetGrain<ILeaseGrain>(resource);

    public IObjectShardGrain ShardFor(string key) => Grains.GetGrain<IObjectShardGrain>(ObjectShards.ShardOf(key, 64));

    /// <summary>
    /// Starts a silo on <paramref name="database"/>; <paramref name="time"/>, when given, is the grains' clock.
    /// <c>Cluster:ClusterId</c> in <paramref name="settings"/> names its cluster (silos of different clusters on one
    /// database do not see each other, but share the grains' state).
    /// </summary>
    public static async Task<TestSilo> StartAsync(TempDatabase database, TimeProvider? time = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:ConnectionString"] = database.ConnectionString,
            ["Objects:ShardCount"] = "64",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        if (time is not null)
        {
            // Only the grains' area: Orleans' catch-all keyed registration keeps resolving every other area to the
            // unkeyed default, the system clock.
            builder.Services.AddKeyedSingleton(TimeProviderNames.Grains, time);
        }

        var configuration = builder.Configuration;
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = configuration["Cluster:ClusterId"] ?? "grains-tests";
                o.ServiceId = "grains-tests";
            });

            // Loopback only, no gateway: the tests call through the silo's own grain factory.
            silo.Configure<EndpointOptions>(o =>
            {
                o.AdvertisedIPAddress = IPAddress.Loopback;
                o.SiloPort = LoopbackPorts.Next();
                o.GatewayPort = 0;
            });
            silo.UseLeaseholdClustering(configuration);
            silo.AddLeasehold(configuration);
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            await ((IAsyncDisposable)host).DisposeAsync();
            throw;
        }

        return new TestSilo(host);
    }

    /// <summary>A graceful stop: activations are deactivated, the silo leaves the cluster, the database is closed. The file stays.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        try
        {
            await _host.StopAsync();
        }
        finally
        {
            // The database is IAsyncDisposable only, so the host must be disposed asynchronously.
            await ((IAsyncDisposable)_host).DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
