using System.Diagnostics;
using Leasehold.Api;
using Leasehold.Api.Cluster;
using Leasehold.Faults;
using Leasehold.Grains;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans;
using Orleans.Runtime;

namespace Leasehold.NodeCluster;

/// <summary>
/// Several nodes in this process, each a full Leasehold API host (its Orleans silo and the HTTP API) on 127.0.0.1 with
/// its own ports, sharing one fresh database (a temporary SQLite file by default, or a schema of its own on a
/// PostgreSQL server: <see cref="TestClusterBuilder.UsePostgres"/>), talking over real loopback TCP. Silos can be
/// added, stopped gracefully, killed abruptly and restarted; <see cref="WaitForLivenessToStabilizeAsync"/>
/// waits until every running silo's view shows exactly the running silos as Active. (For grain-level tests without
/// HTTP, Orleans' own <c>InProcessTestCluster</c> with <c>Leasehold.TestingHost</c>'s faults is the lighter choice.)
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly TestClusterDatabase _database;
    private readonly Dictionary<string, string> _settings;
    private readonly Action<WebApplicationBuilder>[] _configure;
    private readonly List<TestSilo> _silos = [];
    private readonly SemaphoreSlim _changes = new(1, 1);

    private TestCluster(TestClusterDatabase database, Dictionary<string, string> settings, Action<WebApplicationBuilder>[] configure)
    {
        _database = database;
        _settings = settings;
        _configure = configure;
    }

    /// <summary>The silos started so far, running or not.</summary>
    public IReadOnlyList<TestSilo> Silos => _silos;

    /// <summary>The silos still running.</summary>
    public IReadOnlyList<TestSilo> RunningSilos => [.. _silos.Where(s => s.IsRunning)];

    /// <summary>A grain client entering the cluster at the first running silo.</summary>
    public IGrainFactory GrainFactory => RunningSilos[0].Grains;

    /// <summary>The shared database's connection string (for PostgreSQL, its <c>Search Path</c> names the cluster's schema).</summary>
    public string ConnectionString => _database.ConnectionString;

    internal static async Task<TestCluster> StartAsync(int initialSilos, Dictionary<string, string> settings, Action<WebApplicationBuilder>[] configure, string? postgresServer)
    {
        TestClusterDatabase database = postgresServer is null
            ? new SqliteTestClusterDatabase()
            : await PostgresTestClusterDatabase.CreateAsync(postgresServer).ConfigureAwait(false);
        var cluster = new TestCluster(database, settings, configure);
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

        // A paused silo cannot hand its grains off; end the pause so the graceful stop is graceful.
        silo.Faults.Resume();
        await silo.App.StopAsync().ConfigureAwait(false);
        await silo.App.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// An ungraceful stop (a cancelled token). Its grains are not handed off, but Orleans' stop still writes the silo Dead
    /// in the membership table and gossips it (MembershipAgent's last stage), so the others learn of it at once rather
    /// than by probing: a frozen stop that withholds the write takes minutes. Detection of a real SIGKILL is what the
    /// multi-process tests measure.
    /// </summary>
    private static async Task StopAbruptlyAsync(TestSilo silo)
    {
        // A held transport or table call would keep even an abrupt stop waiting; nothing leaves the silo after this anyway.
        silo.Faults.Resume();

        // The kernel resets a killed process's sockets, to silos and to clients alike. Without that, a connection that a
        // partition or delay holds keeps Orleans' connection shutdown waiting out its close timeout (30 s) in the
        // background, and a client of its gateway waits for an answer that never comes.
        silo.Faults.AbortAllConnections();
        using (var cancelled = new CancellationTokenSource())
        {
            await cancelled.CancelAsync().ConfigureAwait(false);
            try
            {
                await silo.App.StopAsync(cancelled.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Expected: the stop was told not to wait.
            }
        }

        await silo.App.DisposeAsync().ConfigureAwait(false);
        silo.Faults.Kill();
    }

    /// <summary>Abrupt stop, as a crash: no hand-off of its grains, no graceful deactivation (see <see cref="StopAbruptlyAsync"/> for what Orleans still announces).</summary>
    public async Task KillSiloAsync(TestSilo silo)
    {
        if (!MarkStopped(silo))
        {
            return;
        }

        await StopAbruptlyAsync(silo).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops the world on <paramref name="silo"/> for <paramref name="duration"/> of real time: its turns, timers,
    /// membership-table and storage calls, messages and HTTP requests freeze while its sockets stay open (see <see cref="SiloPause"/>).
    /// Returns once the pause has begun.
    /// </summary>
    public Task PauseSiloAsync(TestSilo silo, TimeSpan duration)
    {
        Own(silo).Faults.Pause(duration);
        return Task.CompletedTask;
    }

    /// <summary>Ends a pause of <paramref name="silo"/> now.</summary>
    public Task ResumeSiloAsync(TestSilo silo)
    {
        Own(silo).Faults.Resume();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Cuts the network between <paramref name="a"/> and <paramref name="b"/>: every message between them is lost, in
    /// both directions, or only from <paramref name="a"/> to <paramref name="b"/> when <paramref name="oneWay"/>.
    /// Both still reach the database, as a partition of the silos' network would leave them.
    /// </summary>
    public Task PartitionAsync(TestSilo a, TestSilo b, bool oneWay = false)
    {
        Own(a).Faults.DropMessagesTo(Own(b).Address.Endpoint);
        if (!oneWay)
        {
            b.Faults.DropMessagesTo(a.Address.Endpoint);
        }

        return Task.CompletedTask;
    }

    /// <summary>Isolates <paramref name="silo"/> from every other silo (both directions).</summary>
    public async Task IsolateAsync(TestSilo silo)
    {
        foreach (var other in _silos.Where(s => s != silo))
        {
            await PartitionAsync(silo, other).ConfigureAwait(false);
        }
    }

    /// <summary>Delays every message from <paramref name="from"/> to <paramref name="to"/> by <paramref name="delay"/>.</summary>
    public Task DelayMessagesAsync(TestSilo from, TestSilo to, TimeSpan delay)
    {
        Own(from).Faults.DelayMessagesTo(Own(to).Address.Endpoint, delay);
        return Task.CompletedTask;
    }

    /// <summary>Removes every partition and delay between the silos.</summary>
    public Task HealAsync()
    {
        foreach (var silo in _silos)
        {
            silo.Faults.Heal();
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Sets <paramref name="silo"/>'s wall clock <paramref name="offset"/> from true time, drifting
    /// <paramref name="driftPpm"/> parts per million from now; its monotonic clock is untouched (see <see cref="FaultClock"/>).
    /// </summary>
    public Task SkewClockAsync(TestSilo silo, TimeSpan offset, double driftPpm = 0)
    {
        Own(silo).Faults.SkewClock(offset, driftPpm);
        return Task.CompletedTask;
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

    /// <summary>
    /// The running silo where the lease grain of <paramref name="resource"/> is activated, activating it if it is not:
    /// by a call from <paramref name="from"/> (default the first running silo). Orleans places a new activation by its
    /// placement strategy, not by a hash — by default near its first caller — so a test that wants a grain on a given
    /// silo activates it from there and checks.
    /// </summary>
    public Task<TestSilo> HostOfLeaseAsync(string resource, TestSilo? from = null) =>
        HostOfAsync((from ?? RunningSilos[0]).Grains.GetGrain<ILeaseGrain>(resource), grain => grain.GetAsync());

    /// <summary>The running silo where the object shard grain <paramref name="shard"/> is activated, activating it (from <paramref name="from"/>) if it is not.</summary>
    public Task<TestSilo> HostOfShardAsync(string shard, TestSilo? from = null) =>
        HostOfAsync((from ?? RunningSilos[0]).Grains.GetGrain<IObjectShardGrain>(shard), grain => grain.GetAsync(string.Empty));

    private async Task<TestSilo> HostOfAsync<TGrain>(TGrain grain, Func<TGrain, Task> activate)
        where TGrain : IAddressable
    {
        await activate(grain).ConfigureAwait(false);
        var management = RunningSilos[0].Grains.GetGrain<IManagementGrain>(0);
        var address = await management.GetActivationAddress(grain).ConfigureAwait(false);
        return RunningSilos.SingleOrDefault(s => s.Address.Equals(address))
            ?? throw new InvalidOperationException($"{grain} is activated on {address?.ToString() ?? "no silo"}, not a running silo of this cluster.");
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
            if (running.All(s => s.ActiveSilos.SetEquals(expected)))
            {
                return;
            }

            if (clock.Elapsed > limit)
            {
                var views = string.Join("; ", running.Select(s => $"{s}: {string.Join(", ", s.Membership.CurrentSnapshot.Members.Values.Select(e => $"{e.SiloAddress} {e.Status}"))}"));
                throw new TimeoutException($"Membership did not settle within {limit.TotalSeconds:0} s. Views: {views}");
            }

            await Task.Delay(20).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // A graceful stop closes the silo's connections; one that a partition still holds would wait out Orleans' close timeout.
        await HealAsync().ConfigureAwait(false);
        foreach (var silo in RunningSilos)
        {
            await StopSiloAsync(silo).ConfigureAwait(false);
        }

        foreach (var silo in _silos)
        {
            silo.Http.Dispose();
        }

        _changes.Dispose();

        // Last: every silo has closed its connections, so nothing holds the database open.
        await _database.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The silo, checked to be one of this cluster's.</summary>
    private TestSilo Own(TestSilo silo) =>
        _silos.Contains(silo) ? silo : throw new ArgumentException($"Silo {silo} does not belong to this cluster.", nameof(silo));

    /// <summary>Marks a silo of this cluster as no longer running; false if it already was stopped.</summary>
    private bool MarkStopped(TestSilo silo)
    {
        lock (Own(silo))
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
                .. _database.SiloArguments,
                $"--Cluster:SiloPort={siloPort}",
                "--Logging:LogLevel:Default=Warning",
                .. _settings.Select(s => $"--{s.Key}={s.Value}"),
            ];
            TestSilo? started = null;
            var app = LeaseholdApi.Build(args, builder =>
            {
                // Several silos share this process: fail-stop and /v1/faults/kill end one silo, never the process.
                builder.Services.AddSingleton<TestClusterFailStop>();
                builder.Services.Replace(ServiceDescriptor.Singleton<IFatalErrorHandler>(sp => sp.GetRequiredService<TestClusterFailStop>()));
                builder.Services.AddSingleton(new SiloTermination(() => _ = Task.Run(() => started is { } silo ? KillSiloAsync(silo) : Task.CompletedTask)));
                // A new activation goes to the silo whose call made it, so a test puts a grain where it wants it
                // (HostOfLeaseAsync(from:)); Orleans' default weighs the silos' load, and that moves with the machine's.
                builder.Services.Replace(ServiceDescriptor.Singleton<PlacementStrategy>(new PreferLocalPlacement()));
                foreach (var configure in _configure)
                {
                    configure(builder);
                }
            });
            await app.StartAsync().ConfigureAwait(false);
            var silo = new TestSilo(app);
            started = silo;
            app.Services.GetRequiredService<TestClusterFailStop>().Kill = () => KillSiloAsync(silo);
            _silos.Add(silo);
            return silo;
        }
        finally
        {
            _changes.Release();
        }
    }
}
