using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Leasehold.Grains;
using Leasehold.Testing;
using Leasehold.NodeCluster;
using Orleans.Runtime;
using Xunit.Abstractions;

namespace Leasehold.Cluster.Tests;

/// <summary>
/// The silo that hosts a lease grain goes away while clients use the lease through the other silos. The grain
/// comes back on a survivor from its durable state; fences keep growing and no acknowledged write is lost.
/// </summary>
public sealed class FailoverTests(ITestOutputHelper output)
{
    private const string Resource = "orders";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(45);

    [Theory]
    [OnSqlite("kill")]
    [OnSqlite("graceful stop")]
    [OnPostgres("kill")]
    [OnPostgres("graceful stop")]
    public async Task When_the_silo_hosting_a_lease_grain_goes_away_under_load_fences_keep_growing_and_no_acknowledged_write_is_lost(string how, StorageProvider storage)
    {
        await using var cluster = await new TestClusterBuilder(3).On(storage).BuildAndStartAsync();
        var victim = await cluster.HostOfLeaseAsync(Resource);
        var survivors = cluster.RunningSilos.Where(s => s != victim).ToList();
        var history = new History();
        var clients = Enumerable.Range(0, 4).Select(i => new LeaseClient($"worker-{i}", survivors[i % survivors.Count].Http, history)).ToList();
        using var stop = new CancellationTokenSource(Bound);
        var work = clients.Select(c => Task.Run(() => Workload.RunAsync(c, Resource, stop.Token))).ToArray();

        await Eventually.True(() => history.AcknowledgedWrites().Count >= 6, Bound, () => $"clients write before the fault; {history.Summary()}");
        var faultAt = history.NowMs;
        var fencesBefore = history.Grants().Max(g => g.Fence!.Value);
        await (how == "kill" ? cluster.KillSiloAsync(victim) : cluster.StopSiloAsync(victim));
        await Eventually.True(() => history.AcknowledgedWrites().Count(w => w.InvokedMs > faultAt) >= 6, Bound, () => $"clients write again after the fault; {history.Summary()}");
        await stop.CancelAsync();
        await Task.WhenAll(work);

        HistoryAssert.OnlyContractStatuses(history);
        HistoryAssert.NoFenceGrantedTwice(history.Grants());
        HistoryAssert.AcknowledgedWritesNeverGoBack(history.AcknowledgedWrites());
        Assert.Contains(history.Grants(), g => g.InvokedMs > faultAt && g.Fence > fencesBefore);
        Assert.NotEqual(victim.Address, (await cluster.HostOfLeaseAsync(Resource)).Address);
        await HistoryAssert.NoAcknowledgedWriteLostAsync(survivors[0].Http, Resource, history);
        output.WriteLine($"{history.Operations.Count} operations, {history.AcknowledgedWrites().Count} acknowledged writes; outcomes: " +
            string.Join(", ", history.Operations.GroupBy(o => o.Status).Select(g => $"{g.Key} × {g.Count()}")));
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task A_killed_silo_leaves_every_survivors_view_and_its_leases_serve_again_on_a_survivor(StorageProvider storage)
    {
        await using var cluster = await new TestClusterBuilder(3).On(storage).BuildAndStartAsync();
        var victim = await cluster.HostOfLeaseAsync(Resource);
        var survivor = cluster.RunningSilos.First(s => s != victim);
        using (var before = await survivor.Http.PostAsJsonAsync($"/v1/leases/{Resource}/acquire", new { holder = "worker", ttlMs = 60_000 }))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        var clock = Stopwatch.StartNew();
        await cluster.KillSiloAsync(victim);
        await Eventually.True(
            () => cluster.RunningSilos.All(s => s.StatusOf(victim) == SiloStatus.Dead),
            TimeSpan.FromSeconds(20), "every survivor's view shows the killed silo Dead");
        var detected = clock.Elapsed;
        var served = await FirstAnswerAsync(survivor.Http, TimeSpan.FromSeconds(20));
        var servedAt = clock.Elapsed;

        // The holder asks again and gets its own lease back, with the same fence: the grain recovered it from storage.
        Assert.Equal(HttpStatusCode.OK, served.Status);
        Assert.Equal(1, served.Lease!.Fence);
        output.WriteLine($"Killed silo declared dead after {detected.TotalSeconds:0.00} s; its lease grain served on a survivor after {servedAt.TotalSeconds:0.00} s.");
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task A_restarted_silo_joins_as_a_new_generation_and_its_old_generation_stays_dead(StorageProvider storage)
    {
        await using var cluster = await new TestClusterBuilder(2).On(storage).BuildAndStartAsync();
        var old = cluster.Silos[1];

        var restarted = await cluster.RestartSiloAsync(old);
        await cluster.WaitForLivenessToStabilizeAsync();

        Assert.Equal(old.SiloPort, restarted.SiloPort);
        Assert.True(restarted.Address.Generation > old.Address.Generation);
        var view = await cluster.Silos[0].Http.GetFromJsonAsync<ClusterBody>("/v1/cluster");
        Assert.Contains(view!.Silos, s => s.Generation == old.Address.Generation && s.Status == "Dead");
        Assert.Contains(view.Silos, s => s.Generation == restarted.Address.Generation && s.Status == "Active");
    }

    /// <summary>Asks for the lease again as its holder until an answer other than unavailable comes.</summary>
    private static async Task<(HttpStatusCode Status, LeaseBody? Lease)> FirstAnswerAsync(HttpClient http, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var response = await http.PostAsJsonAsync($"/v1/leases/{Resource}/acquire", new { holder = "worker", ttlMs = 60_000 });
            if (response.StatusCode is not (HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout) || clock.Elapsed > timeout)
            {
                return (response.StatusCode, response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<LeaseBody>() : null);
            }
        }
    }
}

/// <summary>The body of <c>GET /v1/cluster</c> as a client reads it.</summary>
public sealed record ClusterBody(long MembershipVersion, string LocalSilo, IReadOnlyList<SiloBody> Silos);

/// <summary>One silo in <see cref="ClusterBody"/>.</summary>
public sealed record SiloBody(string Address, long Generation, string Status, DateTimeOffset StartedAtUtc, DateTimeOffset LastHeartbeatUtc);
