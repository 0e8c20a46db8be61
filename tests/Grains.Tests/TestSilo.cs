using Leasehold.Grains.Tokens;
using Leasehold.Hosting;
using Leasehold.Runtime;
using Leasehold.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Leasehold.Grains.Tests;

/// <summary>
/// One silo in this process, composed by <see cref="LeaseholdHostBuilderExtensions.AddLeaseholdSilo"/>
/// as the real hosts are. The test owns the database file, so a second silo (a restart, or a duplicate)
/// can open the same one.
/// </summary>
public sealed class TestSilo : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private TestSilo(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    /// <summary>The silo's signer; its key is loaded once any grain has activated.</summary>
    public TokenSigner Signer => Services.GetRequiredService<TokenSigner>();

    public ILeaseGrain Lease(string resource) => Grains.GetGrain<ILeaseGrain>(resource);

    public IObjectShardGrain ShardFor(string key) => Grains.GetGrain<IObjectShardGrain>(ObjectShards.ShardOf(key, 64));

    /// <summary>Starts a silo on <paramref name="database"/>; <paramref name="time"/> replaces the system clock when given.</summary>
    public static async Task<TestSilo> StartAsync(TempDatabase database, TimeProvider? time = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = database.ConnectionString,
            ["Cluster:SiloPort"] = "0", // the transport listens; parallel tests each need a free port
            ["Objects:ShardCount"] = "64",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        // Before AddLeaseholdSilo, which only adds the system clock if none is registered.
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.AddLeaseholdSilo();
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

    /// <summary>A graceful stop: activations are deactivated, the database is closed. The file stays.</summary>
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
