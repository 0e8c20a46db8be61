using Leasehold.Runtime.Activation;
using Leasehold.Runtime.Hosting;
using Leasehold.Storage.Sqlite;
using Leasehold.Storage;
using Leasehold.Runtime.Tests.TestGrains;
using Leasehold.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Leasehold.Runtime.Tests;

/// <summary>
/// One silo in this process, composed as the real hosts compose it (SQLite storage, then the runtime),
/// with the test grains registered. Each test owns its silo, its database file and its clock.
/// </summary>
public sealed class TestSilo : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly TempDatabase _database;

    private TestSilo(IHost host, TempDatabase database)
    {
        _host = host;
        _database = database;
    }

    public IServiceProvider Services => _host.Services;

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    public GrainProbe Probe => Services.GetRequiredService<GrainProbe>();

    internal ActivationDirectory Activations => Services.GetRequiredService<ActivationDirectory>();

    /// <summary>Starts a silo on a fresh database; <paramref name="time"/> replaces the system clock when given.</summary>
    public static async Task<TestSilo> StartAsync(TimeProvider? time = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var database = new TempDatabase();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = database.ConnectionString,
            ["Cluster:SiloPort"] = "0", // the transport listens; parallel tests each need a free port
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

        builder.Services.AddOptions<StorageOptions>().Bind(builder.Configuration.GetSection(StorageOptions.Section));
        builder.Services.AddSqliteStorage();
        builder.Services.AddLeaseholdSilo(builder.Configuration);
        builder.Services.AddSingleton<GrainProbe>();
        builder.Services.AddGrain<ITurnGrain, TurnGrain>();
        builder.Services.AddGrain<ILifecycleGrain, LifecycleGrain>();
        builder.Services.AddGrain<ITimerGrain, TimerGrain>();

        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            await ((IAsyncDisposable)host).DisposeAsync();
            database.Dispose();
            throw;
        }

        return new TestSilo(host, database);
    }

    public async ValueTask DisposeAsync()
    {
        // A grain still parked on a gate would hold the graceful stop until its deactivation timeout.
        Probe.OpenAll();
        try
        {
            await _host.StopAsync();
        }
        finally
        {
            // The database is IAsyncDisposable only, so the host must be disposed asynchronously.
            await ((IAsyncDisposable)_host).DisposeAsync();
            _database.Dispose();
        }
    }
}
