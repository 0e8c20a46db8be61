using System.Text;
using Leasehold.Testing;
using Leasehold.TestingHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace Leasehold.Grains.Tests.Clusters;

/// <summary>
/// Sessions on a real Orleans cluster under a silo crash or partition: the session grain's silo is killed (or cut off from
/// the others until it stops itself), the session comes back on a survivor from storage and still keeps its leases alive;
/// then its holder stops keeping it alive (a paused process) and every lease it held ends together, each refused for late
/// writes by the next holder's fence.
/// </summary>
public sealed class SessionFailoverTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("kill")]
    [InlineData("partition")]
    public async Task A_session_survives_the_loss_of_its_silo_and_its_leases_end_together_when_its_holder_stops(string how)
    {
        using var database = new TempDatabase();
        await using var cluster = await LeaseholdSilos.StartAsync(3, LeaseholdSilos.Configuration(database), faults: how == "partition");
        var session = cluster.Client.GetGrain<ISessionGrain>(SessionIds.New());
        Assert.IsType<SessionResult.Open>(await session.OpenAsync(new OpenSession("batch", TimeSpan.FromSeconds(10))));
        string[] resources = ["orders", "billing", "stock"];
        var leases = new List<Lease>();
        foreach (var resource in resources)
        {
            var acquired = Assert.IsType<SessionResult.Acquired>(await session.AcquireAsync(resource, TimeSpan.Zero));
            leases.Add(Assert.IsType<LeaseResult.Granted>(acquired.Lease).Lease);
        }

        var address = await cluster.Client.GetGrain<IManagementGrain>(0).GetActivationAddress(session);
        var host = cluster.Silos.Single(s => s.SiloAddress.Equals(address));
        if (how == "kill")
        {
            // Kill the silo the session grain lives on: no goodbye, its activation is gone with it.
            await cluster.KillSiloAsync(host);
        }
        else
        {
            // Cut it off from the other silos (it still reaches the database): the majority votes it dead, and it reads
            // that and stops itself. Until then its activation of the session is the one in the directory it sees.
            cluster.Isolate(host);
            var stopping = host.ServiceProvider.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            await Eventually.True(() => stopping.IsCancellationRequested, Bound, "the cut-off silo reads itself dead and stops itself");

            // It is dead to the cluster now; healing lets its held connections close at once instead of each timing out.
            cluster.Heal();
        }

        // Kept alive through the failover: the session is recovered from storage on a survivor and still renews all three.
        var kept = await LeaseholdSilos.UntilAsync(async () => await session.KeepAliveAsync() as SessionResult.Open)
            ?? throw new Xunit.Sdk.XunitException($"the session was not kept alive within {LeaseholdSilos.FailoverBound.TotalSeconds} s of the {how}");
        Assert.Equal(resources.Order(StringComparer.Ordinal), kept.Session.Leases.Select(l => l.Resource).Order(StringComparer.Ordinal));
        foreach (var (resource, lease) in resources.Zip(leases))
        {
            var view = await LeaseholdSilos.UntilAsync(() => cluster.Client.GetGrain<ILeaseGrain>(resource).GetAsync()!);
            Assert.True(view!.Held, $"{resource} is still held after the failover");
            Assert.Equal(lease.Fence, view.Fence);
        }

        // The holder stops: no more keep-alives. The session ends by itself, and every lease with it.
        await Eventually.True(
            async () => await session.GetAsync() is { EndReason: not null },
            Bound,
            "the session to end without keep-alives");
        Assert.Equal("expired", (await session.GetAsync())!.EndReason);
        foreach (var resource in resources)
        {
            Assert.False((await cluster.Client.GetGrain<ILeaseGrain>(resource).GetAsync()).Held, $"{resource} ended with its session");
        }

        Assert.IsType<SessionResult.Lost>(await session.KeepAliveAsync());

        // The next holder's fence is higher; the old holder's late write under its session's lease is refused.
        var next = Assert.IsType<LeaseResult.Granted>(await cluster.Client.GetGrain<ILeaseGrain>("orders")
            .AcquireAsync(new AcquireLease("next", TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(4)))).Lease;
        Assert.True(next.Fence > leases[0].Fence);
        Assert.IsType<WriteResult.Accepted>(await PutAsync(cluster, "orders.txt", "next", next.Token));
        Assert.IsType<WriteResult.StaleFence>(await PutAsync(cluster, "orders.txt", "late", leases[0].Token));
    }

    private static Task<WriteResult> PutAsync(InProcessTestCluster cluster, string key, string text, string token) =>
        cluster.Client.GetGrain<IObjectShardGrain>(ObjectShards.ShardOf(key, 64)).PutAsync(new PutObject(key, Encoding.UTF8.GetBytes(text), "text/plain", token));

}
