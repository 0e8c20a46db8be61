using System.Diagnostics;
using Leasehold.Api;
using Leasehold.Runtime;
using Leasehold.Runtime.Membership;
using Leasehold.Runtime.Placement;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Leasehold.TestingHost;

/// <summary>
/// Several silos in this process, each a full Leasehold host (runtime and HTTP API) on 127.0.0.1 with
/// its own ports, sharing one temporary SQLite database, talking over real loopback TCP. Silos can be
/// added, stopped gracefully, killed abruptly and restarted; <see cref="WaitForLivenessToStabilizeAsync"/>
/// waits until every running silo's view shows exactly the running silos as Active.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly string _folder;
    private readonly Dictionary<string, string> _settings;
    private readonly Action<WebApplicationBuilder>[] _configure;
    private readonly List<TestSilo> _silos = [];
    private readonly SemaphoreSlim _changes = new(1, 1);

    private TestCluster(string folder, Dictionary<string, string> settings, Action<WebApplicationBuilder>[] configure)
    {
        _folder = folder;
        _settings = settings;
        _configure = configure;
    }

    /// <summary>The silos started so far, running or not.</summary>
    public IReadOnlyList<TestSilo> Silos => _silos;

    /// <summary>The silos still running.</summary>
    public IReadOnlyList<TestSilo> RunningSilos => [.. _silos.Where(s => s.IsRunning)];

    /// <summary>A grain client entering the cluster at the first running silo.</summary>
    public IGrainFactory GrainFactory => RunningSilos[0].Grains;

    /// <summary>The shared database's connection string.</summary>
    public string ConnectionString => $"Data Source={Path.Combine(_folder, "cluster.db")}";

    internal static async Task<TestCluster> StartAsync(int initialSilos, Dictionary<string, string> settings, Action<WebApplicationBuilder>[] configure)
    {
        var folder = Path.Combine(Path.GetTempPath(), "leasehold-cluster", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var cluster = new TestCluster(folder, settings, configure);
        try
        {
            for (var i = 0; i < initialSilos; i++)
            {
                await cluster.StartAdditionalSiloAsync().ConfigureAwait(false);
            }

            await cluster.WaitForLivenessToStabilizeAsync().ConfigureAwait(false);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Starts one more silo; it joins the running ones.</summary>
    public Task<TestSilo> StartAdditionalSiloAsync() => StartSiloAsync(siloPort: 0);

    /// <summary>Graceful stop: ShuttingDown, its grains handed off, then Dead.</summary>
    public async Task StopSiloAsync(TestSilo silo)
    {
        if (!MarkStopped(silo))
        {
            return;
        }

        await silo.App.StopAsync().ConfigureAwait(false);
        await silo.App.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Abrupt stop, as SIGKILL: no goodbye; the others find out by probing and voting.</summary>
    public async Task KillSiloAsync(TestSilo silo)
    {
        if (!MarkStopped(silo))
        {
            return;
        }

        await silo.Faults.KillAsync().ConfigureAwait(false);
        await silo.App.StopAsync().ConfigureAwait(false);
        await silo.App.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Kills the silo (if running) and starts a new generation on the same silo port.</summary>
    public async Task<TestSilo> RestartSiloAsync(TestSilo silo)
    {
        if (silo.IsRunning)
        {
            await KillSiloAsync(silo).ConfigureAwait(false);
        }

        return await StartSiloAsync(silo.SiloPort).ConfigureAwait(false);
    }

    /// <summary>The running silo that owns the grain in the first running silo's view (where its calls go).</summary>
    public TestSilo HostOf<TGrainInterface>(string key)
        where TGrainInterface : IGrainWithStringKey
    {
        var running = RunningSilos;
        var view = running[0].Membership.Current.Silos.Where(s => s.Status == SiloStatus.Active).Select(s => s.Address).ToList();
        var owner = RendezvousPlacement.OwnerOf(GrainId.For<TGrainInterface>(key), view);
        return running.SingleOrDefault(s => s.Address == owner)
            ?? throw new InvalidOperationException($"The owner of {key}, {owner?.ToString() ?? "none"}, is not a running silo of this cluster.");
    }

    /// <summary>Waits until every running silo's view lists exactly the running silos as Active.</summary>
    public async Task WaitForLivenessToStabilizeAsync(TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var running = RunningSilos;
            var expected = running.Select(s => s.Address).ToHashSet();
            if (running.All(s => s.Membership.Current.Silos.Where(e => e.Status == SiloStatus.Active).Select(e => e.Address).ToHashSet().SetEquals(expected)))
            {
                return;
            }

            if (clock.Elapsed > limit)
            {
                var views = string.Join("; ", running.Select(s => $"{s}: {string.Join(", ", s.Membership.Current.Silos.Select(e => $"{e.Address} {e.Status}"))}"));
                throw new TimeoutException($"Membership did not settle within {limit.TotalSeconds:0} s. Views: {views}");
            }

            await Task.Delay(20).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in RunningSilos)
        {
            await StopSiloAsync(silo).ConfigureAwait(false);
        }

        foreach (var silo in _silos)
        {
            silo.Http.Dispose();
        }

        _changes.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Marks a silo of this cluster as no longer running; false if it already was stopped.</summary>
    private bool MarkStopped(TestSilo silo)
    {
        if (!_silos.Contains(silo))
        {
            throw new ArgumentException($"Silo {silo} does not belong to this cluster.", nameof(silo));
        }

        lock (silo)
        {
            if (!silo.IsRunning)
            {
                return false;
            }

            silo.IsRunning = false;
            return true;
        }
    }

    private async Task<TestSilo> StartSiloAsync(int siloPort)
    {
        await _changes.WaitAsync().ConfigureAwait(false);
        try
        {
            string[] args =
            [
                "--urls", "http://127.0.0.1:0",
                $"--Storage:ConnectionString={ConnectionString}",
                $"--Cluster:SiloPort={siloPort}",
                "--Logging:LogLevel:Default=Warning",
                .. _settings.Select(s => $"--{s.Key}={s.Value}"),
            ];
            var failStop = new TestClusterFailStop();
            var app = LeaseholdApi.Build(args, builder =>
            {
                builder.Services.AddSingleton<ISiloFailStop>(failStop);
                foreach (var configure in _configure)
                {
                    configure(builder);
                }
            });
            await app.StartAsync().ConfigureAwait(false);
            var endpoint = app.Services.GetRequiredService<IMembershipView>().LocalSilo.Endpoint;
            var silo = new TestSilo(app, endpoint.Port);
            failStop.Kill = _ => KillSiloAsync(silo);
            _silos.Add(silo);
            return silo;
        }
        finally
        {
            _changes.Release();
        }
    }
}
