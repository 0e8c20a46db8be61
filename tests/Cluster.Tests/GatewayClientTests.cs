using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Leasehold.Grains;
using Leasehold.Hosting;
using Leasehold.Testing;
using Leasehold.NodeCluster;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;
using Orleans.Hosting;
using Orleans.Runtime;
using Xunit.Abstractions;

namespace Leasehold.Cluster.Tests;

/// <summary>
/// An Orleans cluster client outside the cluster (<c>AddLeaseholdClient</c>, as the API with <c>Api:Role=Client</c> is)
/// finds the gateways in the membership table, reaches the grains through them and moves on when a gateway dies; a
/// client of another cluster, or without the cluster's certificate, is refused by the gateway.
/// </summary>
public sealed class GatewayClientTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    /// <summary>How long a client the gateway refuses is given to connect nonetheless.</summary>
    private static readonly TimeSpan Refusal = TimeSpan.FromSeconds(8);

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task A_client_calls_grains_through_the_gateways_in_the_membership_table_and_keeps_working_when_a_gateway_silo_is_killed(StorageProvider storage)
    {
        await using var cluster = await new TestClusterBuilder(3).On(storage).ConfigureSilo(WithGateway).BuildAndStartAsync();
        using var host = await StartClientAsync(cluster, storage, Bound);
        var client = host.Services.GetRequiredService<IClusterClient>();
        var resources = Enumerable.Range(0, 16).Select(i => $"gateway-{i}").ToArray();
        var first = await Task.WhenAll(resources.Select(r => client.GetGrain<ILeaseGrain>(r).AcquireAsync(new AcquireLease("client", TimeSpan.FromMilliseconds(200), TimeSpan.Zero))));

        // The client spreads its calls over every gateway it knows; one of them dies without a goodbye.
        await cluster.KillSiloAsync(cluster.Silos[0]);
        await cluster.WaitForLivenessToStabilizeAsync();
        var retries = 0;
        var after = await Task.WhenAll(resources.Select(r => AcquireRetryingAsync(client.GetGrain<ILeaseGrain>(r), () => Interlocked.Increment(ref retries))));

        Assert.All(first, r => Assert.Equal(1, Assert.IsType<LeaseResult.Granted>(r).Lease.Fence));
        Assert.All(after, r => Assert.Equal(2, Assert.IsType<LeaseResult.Granted>(r).Lease.Fence));
        Assert.All(cluster.RunningSilos, s => Assert.Equal(2, s.ActiveSilos.Count));
        output.WriteLine($"{resources.Length} leases granted again through the surviving gateways; {retries} calls retried after an unknown outcome.");
    }

    [Fact]
    public async Task A_client_of_another_cluster_is_refused_by_the_gateway()
    {
        await using var cluster = await new TestClusterBuilder(1).ConfigureSilo(WithGateway).BuildAndStartAsync();
        var gateway = GatewayOf(cluster.Silos[0]);

        // Pointed straight at the gateway (another cluster's table lists none of ours), with the cluster's certificate.
        var error = await RefusedAsync(deadline => StartClientAsync(cluster, StorageProvider.Sqlite, deadline, gateway, ("Cluster:ClusterId", "someone-else")));

        output.WriteLine(error.ToString());
        Assert.False((await cluster.Silos[0].Grains.GetGrain<ILeaseGrain>("orders").GetAsync()).Held);
    }

    [Fact]
    public async Task A_client_that_knows_the_cluster_id_but_not_its_certificate_is_refused_and_cannot_call_a_grain()
    {
        var elsewhere = Path.Combine(Path.GetTempPath(), "leasehold-intruder-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var cluster = await new TestClusterBuilder(1).ConfigureSilo(WithGateway).BuildAndStartAsync();

            // It reads the membership table and finds the gateway, but its certificate is one it generated for itself.
            var error = await RefusedAsync(async deadline =>
            {
                var host = await StartClientAsync(cluster, StorageProvider.Sqlite, deadline, gateway: null, ("Cluster:Tls:GeneratedCertificatePath", Path.Combine(elsewhere, "cluster.pfx")));
                await host.Services.GetRequiredService<IClusterClient>().GetGrain<ILeaseGrain>("orders").AcquireAsync(new AcquireLease("intruder", TimeSpan.FromSeconds(10), TimeSpan.Zero));
                return host;
            });
            var view = await cluster.Silos[0].Grains.GetGrain<ILeaseGrain>("orders").GetAsync();

            output.WriteLine(error.ToString());
            Assert.False(view.Held);
        }
        finally
        {
            if (Directory.Exists(elsewhere))
            {
                Directory.Delete(elsewhere, recursive: true);
            }
        }
    }

    /// <summary>Gives each silo a gateway on a port of its own (the API opens none by default).</summary>
    private static void WithGateway(WebApplicationBuilder builder) =>
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Cluster:GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture) });

    private static IPEndPoint GatewayOf(TestSilo silo) =>
        silo.App.Services.GetRequiredService<ILocalSiloDetails>().GatewayAddress?.Endpoint ?? throw new InvalidOperationException($"{silo} has no gateway.");

    /// <summary>
    /// Starts a cluster client on the cluster's database (its gateways are found in the membership table), or on
    /// <paramref name="gateway"/> alone, with <paramref name="settings"/> over the cluster's.
    /// </summary>
    private static async Task<IHost> StartClientAsync(TestCluster cluster, StorageProvider storage, TimeSpan deadline, IPEndPoint? gateway = null, params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var values = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = storage == StorageProvider.Postgres ? "Postgres" : "Sqlite",
            ["Storage:ConnectionString"] = cluster.ConnectionString,
            ["Logging:LogLevel:Default"] = "Warning",
            // A call whose gateway died with it on the wire is an unknown outcome after this, and is retried.
            ["Cluster:Messaging:CallTimeout"] = "00:00:05",
        };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(values);
        builder.AddLeaseholdClient(client =>
        {
            if (gateway is not null)
            {
                client.UseStaticClustering(gateway);
            }
        });
        var host = builder.Build();
        try
        {
            using var connecting = new CancellationTokenSource(deadline);
            await host.StartAsync(connecting.Token);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>Acquires as "other", retrying a call whose outcome is unknown (acquire is idempotent per holder).</summary>
    private static async Task<LeaseResult> AcquireRetryingAsync(ILeaseGrain grain, Action retried)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await grain.AcquireAsync(new AcquireLease("other", TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5)));
            }
            catch (Exception ex) when (ex is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException && clock.Elapsed < Bound)
            {
                retried();
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="connect"/>, which must fail: the failure is returned. An admitted client connects within a
    /// second; a refused one fails, or is still retrying when its <see cref="Refusal"/> deadline cancels it.
    /// </summary>
    private static async Task<Exception> RefusedAsync(Func<TimeSpan, Task<IHost>> connect)
    {
        var error = await Record.ExceptionAsync(async () => (await connect(Refusal)).Dispose());
        Assert.True(error is not null, "the client was admitted");
        return error.GetBaseException();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
