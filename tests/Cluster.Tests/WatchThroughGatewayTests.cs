using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Leasehold.Api;
using Leasehold.Client;
using Leasehold.NodeCluster;
using Leasehold.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Leasehold.Cluster.Tests;

/// <summary>
/// The API as an Orleans client (<c>Api:Role=Client</c>) in front of the silos: its watch observer is reached through the
/// gateway, and the changes made through the silos' own APIs reach its watchers.
/// </summary>
public sealed class WatchThroughGatewayTests
{
    [Fact]
    public async Task A_watch_served_by_an_api_in_the_client_role_follows_changes_made_through_the_silos()
    {
        await using var cluster = await new TestClusterBuilder(2).ConfigureSilo(WithGateway).BuildAndStartAsync();
        await using var api = LeaseholdApi.Build(
        [
            "--Api:Role=Client",
            "--urls", "http://127.0.0.1:0",
            "--Storage:Provider=Sqlite",
            $"--Storage:ConnectionString={cluster.ConnectionString}",
            "--Cluster:Messaging:CallTimeout=00:00:05",
            "--Watches:Refresh=00:00:00.500",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await api.StartAsync();
        var address = api.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var watcher = new LeaseholdClient(new Uri(address));
        using var writer = new LeaseholdClient(cluster.Silos[1].Http.BaseAddress!);
        var events = Channel.CreateUnbounded<LeaseEvent>();
        var reading = Task.Run(async () =>
        {
            await foreach (var e in watcher.WatchLeaseAsync("through-gateway", cancellationToken: stop.Token))
            {
                await events.Writer.WriteAsync(e, stop.Token);
            }
        }, stop.Token);

        Assert.Equal(LeaseEventKind.Reset, (await events.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30))).Kind);
        var lease = await writer.AcquireAsync("through-gateway", "alice", TimeSpan.FromSeconds(30));
        await writer.ReleaseAsync("through-gateway", lease.LeaseId);

        var granted = await events.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        var released = await events.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal([(LeaseEventKind.Granted, 1L), (LeaseEventKind.Released, 2L)], new[] { (granted.Kind, granted.Id), (released.Kind, released.Id) });
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);
        await api.StopAsync();
    }

    private static void WithGateway(WebApplicationBuilder builder) =>
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Cluster:GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture) });

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
