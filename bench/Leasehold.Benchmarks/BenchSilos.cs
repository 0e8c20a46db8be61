using Leasehold.Runtime;
using Leasehold.Runtime.Hosting;
using Leasehold.Runtime.Membership;
using Leasehold.Runtime.Messaging;
using Leasehold.Storage.Sqlite;
using Leasehold.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Leasehold.Benchmarks;

/// <summary>
/// Silos in this process composed as the hosts compose them (SQLite storage on a scratch file, then the runtime), as
/// tests/Runtime.Tests builds them. Two silos talk over loopback TCP and share one fixed view in which both are Active,
/// so placement sends some grains to each.
/// </summary>
public sealed class BenchSilos : IAsyncDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"leasehold-bench-{Guid.NewGuid():N}");
    private readonly List<SiloAddress> _view = [];
    private readonly List<IHost> _silos = [];

    public IReadOnlyList<IHost> Silos => _silos;

    /// <summary>Starts <paramref name="count"/> silos on one scratch database.</summary>
    public static async Task<BenchSilos> StartAsync(int count, Action<IServiceCollection, IConfiguration>? configure = null)
    {
        var silos = new BenchSilos();
        Directory.CreateDirectory(silos._folder);
        for (var i = 0; i < count; i++)
        {
            var silo = silos.Build(count > 1, configure);
            silos._silos.Add(silo);
            silos._view.Add(silo.Services.GetRequiredService<SiloEndpoint>().Address);
        }

        foreach (var silo in silos._silos)
        {
            await silo.StartAsync().ConfigureAwait(false);
        }

        return silos;
    }

    public IGrainFactory GrainsOf(int silo) => _silos[silo].Services.GetRequiredService<IGrainFactory>();

    /// <summary>A key of <typeparamref name="TGrain"/> that placement puts on silo <paramref name="owner"/>.</summary>
    public string KeyOwnedBy<TGrain>(int owner, string prefix = "key")
    {
        var router = _silos[0].Services.GetRequiredService<GrainCallRouter>();
        for (var i = 0; i < 10_000; i++)
        {
            var key = $"{prefix}-{i}";
            if (router.OwnerOf(new GrainId(typeof(TGrain).FullName!, key)) == _view[owner])
            {
                return key;
            }
        }

        throw new InvalidOperationException("No key placed on that silo in 10,000 tries.");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.StopAsync().ConfigureAwait(false);
            await ((IAsyncDisposable)silo).DisposeAsync().ConfigureAwait(false);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private IHost Build(bool fixedView, Action<IServiceCollection, IConfiguration>? configure)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = $"Data Source={Path.Combine(_folder, "bench.db")}",
            ["Cluster:SiloPort"] = "0",
        });
        builder.Logging.ClearProviders();
        if (fixedView)
        {
            builder.Services.AddSingleton<IMembershipView>(sp => new FixedView(_view, sp.GetRequiredService<SiloEndpoint>().Address));
        }

        builder.Services.AddOptions<StorageOptions>().Bind(builder.Configuration.GetSection(StorageOptions.Section));
        builder.Services.AddSqliteStorage();
        builder.Services.AddLeaseholdSilo(builder.Configuration);
        builder.Services.AddGrain<IPingGrain, PingGrain>();
        configure?.Invoke(builder.Services, builder.Configuration);
        return builder.Build();
    }

    /// <summary>Every silo Active in one view that never changes: no membership traffic during a measurement.</summary>
    private sealed class FixedView(List<SiloAddress> silos, SiloAddress local) : IMembershipView
    {
        private MembershipSnapshot? _snapshot;

        public event Action<MembershipSnapshot>? Changed
        {
            add { }
            remove { }
        }

        public SiloAddress LocalSilo => local;

        // Taken on first use, once every silo of the benchmark has its address.
        public MembershipSnapshot Current => _snapshot ??= new(1, [.. silos.Select(s => new SiloEntry(s, SiloStatus.Active, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch))]);

        public void Observe(long version)
        {
        }

        public Task RefreshNowAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
