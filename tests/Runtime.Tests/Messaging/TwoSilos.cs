using Leasehold.Runtime.Hosting;
using Leasehold.Runtime.Membership;
using Leasehold.Runtime.Messaging;
using Leasehold.Storage.Sqlite;
using Leasehold.Storage;
using Leasehold.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Leasehold.Runtime.Tests.Messaging;

/// <summary>
/// Two silos in this process over real loopback TCP, sharing one database and one fixed membership
/// view in which both are Active, so placement sends some grains to each.
/// </summary>
public sealed class TwoSilos : IAsyncDisposable
{
    private readonly TempDatabase _database;
    private readonly List<SiloAddress> _view = [];

    private TwoSilos(TempDatabase database) => _database = database;

    public IHost A { get; private set; } = null!;

    public IHost B { get; private set; } = null!;

    public Gate Gate { get; } = new();

    internal static SiloAddress AddressOf(IHost silo) => silo.Services.GetRequiredService<SiloEndpoint>().Address;

    public static async Task<TwoSilos> StartAsync(string callTimeout = "00:00:10")
    {
        var silos = new TwoSilos(new TempDatabase());
        silos.A = silos.Build(callTimeout);
        silos.B = silos.Build(callTimeout);
        silos._view.AddRange([AddressOf(silos.A), AddressOf(silos.B)]);
        await silos.A.StartAsync();
        await silos.B.StartAsync();
        return silos;
    }

    /// <summary>A key whose grain the fixed view places on <paramref name="owner"/>.</summary>
    public string KeyOwnedBy(IHost owner)
    {
        var router = A.Services.GetRequiredService<GrainCallRouter>();
        for (var i = 0; i < 1000; i++)
        {
            var key = $"key-{i}";
            if (router.OwnerOf(new GrainId(typeof(IWhereGrain).FullName!, key)) == AddressOf(owner))
            {
                return key;
            }
        }

        throw new InvalidOperationException("No key placed on that silo in 1000 tries.");
    }

    public async ValueTask DisposeAsync()
    {
        Gate.Open.TrySetResult();
        foreach (var host in new[] { A, B })
        {
            await host.StopAsync();
            await ((IAsyncDisposable)host).DisposeAsync();
        }

        _database.Dispose();
    }

    private IHost Build(string callTimeout)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = _database.ConnectionString,
            ["Cluster:SiloPort"] = "0",
            ["Cluster:Messaging:CallTimeout"] = callTimeout,
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IMembershipView>(sp => new FixedView(_view, sp.GetRequiredService<SiloEndpoint>().Address));
        builder.Services.AddSingleton(Gate);
        builder.Services.AddOptions<StorageOptions>().Bind(builder.Configuration.GetSection(StorageOptions.Section));
        builder.Services.AddSqliteStorage();
        builder.Services.AddLeaseholdSilo(builder.Configuration);
        builder.Services.AddGrain<IWhereGrain, WhereGrain>();
        return builder.Build();
    }

    private sealed class FixedView(List<SiloAddress> silos, SiloAddress local) : IMembershipView
    {
        public event Action<MembershipSnapshot>? Changed
        {
            add { }
            remove { }
        }

        public SiloAddress LocalSilo => local;

        public MembershipSnapshot Current => new(1, [.. silos.Select(s => new SiloEntry(s, SiloStatus.Active, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch))]);

        public void Observe(long version)
        {
        }

        public Task RefreshNowAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
