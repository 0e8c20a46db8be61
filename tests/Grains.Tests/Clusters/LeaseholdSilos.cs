using Leasehold.Hosting;
using Leasehold.Testing;
using Leasehold.TestingHost;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Orleans.Runtime;
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

    /// <summary>
    /// A cluster of <paramref name="silos"/> with Leasehold on each; <paramref name="serviceId"/> keys the grain state;
    /// with <paramref name="faults"/>, Leasehold.TestingHost's fault injection (partition, pause) on every silo.
    /// </summary>
    public static async Task<InProcessTestCluster> StartAsync(int silos, IConfiguration configuration, string? serviceId = null, bool faults = false)
    {
        var builder = new InProcessTestClusterBuilder((short)silos);
        if (faults)
        {
            builder.AddLeaseholdFaults();
        }

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

    /// <summary>The bound on waiting out a failover.</summary>
    public static readonly TimeSpan FailoverBound = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Calls until <paramref name="call"/> answers non-null, retrying while the cluster fails over (the silo a call went
    /// to is dead, or the call timed out); null after <see cref="FailoverBound"/>. At most 100 calls.
    /// </summary>
    public static async Task<T?> UntilAsync<T>(Func<Task<T?>> call) where T : class
    {
        var started = TimeProvider.System.GetTimestamp();
        for (var attempt = 0; attempt < 100 && TimeProvider.System.GetElapsedTime(started) < FailoverBound; attempt++)
        {
            try
            {
                if (await call() is { } answer)
                {
                    return answer;
                }
            }
            catch (Exception ex) when (ex is SiloUnavailableException or TimeoutException or OrleansMessageRejectionException)
            {
                // Failing over: the next call goes where the grain lives now.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        return null;
    }
}
