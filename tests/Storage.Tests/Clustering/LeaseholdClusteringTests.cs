using System.Net;
using Leasehold.Hosting;
using Leasehold.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Storage;
using OrleansMembershipTable = Orleans.IMembershipTable;

namespace Leasehold.Storage.Tests.Clustering;

/// <summary>
/// Real Orleans silos on <c>UseLeaseholdClustering</c>: two silo hosts on 127.0.0.1 (distinct silo and gateway ports) sharing
/// one SQLite file (or one PostgreSQL database) form one cluster through Orleans' own membership protocol, and a client finds them through the table.
/// </summary>
public sealed class LeaseholdClusteringTests
{
    private const string ClusterId = "e2e-cluster";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Two_silos_on_one_sqlite_file_form_one_cluster_and_a_client_finds_them_through_the_table()
    {
        using var file = new TempDatabase();
        await FormClusterAsync(Storage("Sqlite", file.ConnectionString));
    }

    [PostgresFact]
    public async Task Two_silos_on_one_postgres_database_form_one_cluster_and_a_client_finds_them_through_the_table()
    {
        await using var schema = await PostgresServer.CreateSchemaAsync();
        await FormClusterAsync(Storage("Postgres", schema.ConnectionString));
    }

    private static async Task FormClusterAsync(IConfiguration configuration)
    {
        var ports = LoopbackPorts.Take(4);
        using var first = Silo(configuration, ports[0], ports[1]);
        using var second = Silo(configuration, ports[2], ports[3]);
        using var start = new CancellationTokenSource(Timeout);

        await first.StartAsync(start.Token);
        await second.StartAsync(start.Token);
        try
        {
            var silos = new[] { Address(first), Address(second) };
            Assert.Equal([ports[0], ports[2]], silos.Select(s => s.Endpoint.Port));

            // Each silo's own view (Orleans' membership service, fed by our table) holds both, Active.
            foreach (var host in new[] { first, second })
            {
                var membership = host.Services.GetRequiredService<IClusterMembershipService>();
                await Eventually.True(
                    () => silos.All(s => membership.CurrentSnapshot.GetSiloStatus(s) == SiloStatus.Active),
                    Timeout,
                    () => $"{Address(host)} to see both silos Active; it sees {string.Join(", ", membership.CurrentSnapshot.Members.Values.Select(m => $"{m.SiloAddress} {m.Status}"))}");
            }

            // The table itself: both rows Active, with their gateway ports.
            var table = await first.Services.GetRequiredService<OrleansMembershipTable>().ReadAllAsync(CancellationToken.None);
            var active = table.Members.Where(m => m.Item1.Status == SiloStatus.Active).Select(m => m.Item1).ToArray();
            Assert.Equal(silos.Order(), active.Select(e => e.SiloAddress).Order());
            Assert.Equal(new[] { ports[1], ports[3] }.Order(), active.Select(e => e.ProxyPort).Order());
            Assert.True(table.Version.Version >= 4, $"Two joins (insert Joining, update to Active) move the version at least four times; it is {table.Version}.");

            using var client = Client(configuration);
            await client.StartAsync(start.Token);
            var counter = client.Services.GetRequiredService<IClusterClient>().GetGrain<ICounterGrain>("visits");
            for (var expected = 1; expected <= 3; expected++)
            {
                Assert.Equal(expected, await counter.Increment().WaitAsync(Timeout));
            }

            // The state is in the named grain storage, durable and readable from the other silo.
            var stored = new GrainState<CounterState>();
            var storage = second.Services.GetRequiredKeyedService<IGrainStorage>(CounterGrain.StorageName);
            await storage.ReadStateAsync(CounterGrain.StateName, counter.GetGrainId(), stored);
            Assert.Equal(new CounterState(3), stored.State);
            await client.StopAsync(CancellationToken.None);
        }
        finally
        {
            using var stop = new CancellationTokenSource(Timeout);
            await second.StopAsync(stop.Token);
            await first.StopAsync(stop.Token);
        }
    }

    private static IConfiguration Storage(string provider, string connectionString) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Provider"] = provider, ["Storage:ConnectionString"] = connectionString })
            .Build();

    private static IHost Silo(IConfiguration configuration, int siloPort, int gatewayPort)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = Environments.Development });
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(options => (options.ClusterId, options.ServiceId) = (ClusterId, ClusterId));
            silo.ConfigureEndpoints(IPAddress.Loopback, siloPort, gatewayPort);
            silo.UseLeaseholdClustering(configuration);
            silo.AddLeaseholdGrainStorage(CounterGrain.StorageName, configuration);
        });
        return builder.Build();
    }

    private static IHost Client(IConfiguration configuration)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = Environments.Development });
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(options => (options.ClusterId, options.ServiceId) = (ClusterId, ClusterId));
            client.UseLeaseholdClustering(configuration);
        });
        return builder.Build();
    }

    private static SiloAddress Address(IHost silo) => silo.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
}
