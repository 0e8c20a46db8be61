using System.Net;
using Leasehold.Grains;
using Leasehold.Runtime.Client;
using Leasehold.Runtime.Membership;
using Leasehold.Runtime.Messaging;
using Leasehold.Testing;
using Leasehold.TestingHost;
using Microsoft.Extensions.DependencyInjection;

namespace Leasehold.Cluster.Tests;

/// <summary>A grain client outside the cluster reaches the grains through a gateway silo, and moves on when its gateway dies.</summary>
public sealed class GatewayClientTests
{
    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task A_client_calls_grains_through_a_gateway_silo_and_fails_over_to_the_next_gateway_when_it_is_killed(StorageProvider storage)
    {
        await using var cluster = await new TestClusterBuilder(3).On(storage).BuildAndStartAsync();
        var options = new ClusterClientOptions { Secret = await SecretOf(cluster) };
        foreach (var silo in cluster.Silos.Take(2))
        {
            options.Gateways.Add(new IPEndPoint(IPAddress.Loopback, silo.SiloPort));
        }

        await using var client = ClusterClient.Create(options);
        var resources = Enumerable.Range(0, 16).Select(i => $"gateway-{i}").ToArray();
        var first = await Task.WhenAll(resources.Select(r => client.GetGrain<ILeaseGrain>(r).AcquireAsync(new AcquireLease("client", TimeSpan.FromMilliseconds(200), TimeSpan.Zero))));

        await cluster.KillSiloAsync(cluster.Silos[0]);
        await cluster.WaitForLivenessToStabilizeAsync();
        var after = await Task.WhenAll(resources.Select(r => client.GetGrain<ILeaseGrain>(r).AcquireAsync(new AcquireLease("other", TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5)))));

        Assert.All(first, r => Assert.Equal(1, Assert.IsType<LeaseResult.Granted>(r).Lease.Fence));
        Assert.All(after, r => Assert.Equal(2, Assert.IsType<LeaseResult.Granted>(r).Lease.Fence));
        Assert.All(cluster.RunningSilos, s => Assert.Equal(2, s.Membership.Current.Silos.Count(e => e.Status == SiloStatus.Active)));
    }

    [Fact]
    public async Task A_client_of_another_cluster_is_refused_by_the_gateway()
    {
        await using var cluster = await new TestClusterBuilder(1).BuildAndStartAsync();
        var options = new ClusterClientOptions { ClusterId = "someone-else", Secret = await SecretOf(cluster) };
        options.Gateways.Add(new IPEndPoint(IPAddress.Loopback, cluster.Silos[0].SiloPort));
        await using var client = ClusterClient.Create(options);

        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => client.GetGrain<ILeaseGrain>("orders").GetAsync());

        Assert.Contains("No gateway of cluster 'someone-else' answered", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_that_knows_the_cluster_id_but_not_its_secret_is_refused_and_cannot_call_a_grain()
    {
        await using var cluster = await new TestClusterBuilder(1).BuildAndStartAsync();
        var options = new ClusterClientOptions { Secret = Convert.ToBase64String(new byte[ClusterSecret.MinBytes]) };
        options.Gateways.Add(new IPEndPoint(IPAddress.Loopback, cluster.Silos[0].SiloPort));
        await using var client = ClusterClient.Create(options);

        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => client.GetGrain<ILeaseGrain>("orders").AcquireAsync(new AcquireLease("intruder", TimeSpan.FromSeconds(10), TimeSpan.Zero)));
        var view = await cluster.Silos[0].Grains.GetGrain<ILeaseGrain>("orders").GetAsync();

        Assert.Contains("cannot prove the secret", error.Message, StringComparison.Ordinal);
        Assert.False(view.Held);
    }

    private static Task<string> SecretOf(TestCluster cluster) =>
        cluster.Silos[0].App.Services.GetRequiredService<ClusterSecret>().GetBase64Async();
}
