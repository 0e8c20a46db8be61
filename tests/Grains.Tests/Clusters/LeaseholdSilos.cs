using Leasehold.Hosting;
using Leasehold.Testing;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Leasehold.Grains.Tests.Clusters;

/// <summary>
/// What an Orleans user writes to test with Leasehold's grains: their own <see cref="InProcessTestClusterBuilder"/>, and
/// <c>AddLeasehold</c> on each silo over one SQLite file (the configuration is the <c>Storage</c> section of
/// appsettings.json). Failure detection is tuned so a killed silo is declared dead in seconds, as docs/membership.md says.
/// </summary>
internal static class LeaseholdSilos
{
    public static IConfiguration Configuration(TempDatabase database, params (string Key, string Value)[] extra) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:ConnectionString"] = database.ConnectionString,
            ["Leases:WaitMax"] = "00:00:04",
        }.Concat(extra.Select(e => KeyValuePair.Create(e.Key, (string?)e.Value)))).Build();

    /// <summary>A cluster of <paramref name="silos"/> with Leasehold on each; <paramref name="serviceId"/> keys the grain state.</summary>
    public static async Task<InProcessTestCluster> StartAsync(int silos, IConfiguration configuration, string? serviceId = null)
    {
        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.Options.ConfigureFileLogging = false;
        if (serviceId is not null)
        {
            builder.Options.ServiceId = serviceId;
        }

        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddLeasehold(configuration);
            // Leasehold's failure detection (docs/membership.md): a killed silo is declared dead in seconds.
            silo.UseLeaseholdFailureDetection();
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(5));
        });
        builder.ConfigureClient(client => client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(5)));
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }
}
