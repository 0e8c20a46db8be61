using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Leasehold.Testing;
using Xunit.Abstractions;

namespace Leasehold.Cluster.Tests;

/// <summary>
/// Three real <c>src/Api</c> processes on one database, as the README's "Run a three-node cluster locally"
/// starts them on one SQLite file, and "Run a cluster across machines on PostgreSQL" on one PostgreSQL database
/// (each on its own loopback address here, so the test collides with nothing; each test gets a fresh database). The process that
/// hosts a lease grain is SIGKILLed; the other two keep serving the lease and the objects, fences still growing, and the
/// lease is granted to the next holder (failure detection, then the recovered lease's expiry plus the clock
/// uncertainty). How long that took is printed, not asserted: the goal of TTL + 3 s is a figure to read
/// (docs/membership.md), and a wall-clock bound in a test fails on a busy machine, not on a slow design.
/// </summary>
public sealed class MultiProcessClusterTests(ITestOutputHelper output) : ApiNodeTest
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    /// <summary>The goal for how long after a SIGKILL the lease of the killed process is granted again, beyond its TTL.</summary>
    private static readonly TimeSpan FailoverGoal = TimeSpan.FromSeconds(3);

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task Killing_the_process_that_hosts_a_lease_with_SIGKILL_leaves_the_other_two_serving_it_with_growing_fences(StorageProvider storage)
    {
        await StartNodesAsync(storage);
        await Eventually.True(async () => await ActiveSilosSeenByAsync(Nodes[0]) == 3, Bound, () => $"three processes form one cluster; {Logs()}");
        const long ttlMs = 2_000;
        var first = await AcquireAsync(Nodes[0], "client-1", ttlMs);
        var victim = await HostOfLeaseAsync("orders");
        await PutAsync(Nodes[1], first, "written by client-1");
        var survivors = Nodes.Where(n => n != victim).ToList();
        var sinceKill = Stopwatch.StartNew();
        victim.Kill();
        var detection = DetectionAsync(survivors[1], sinceKill);

        // The next holder waits in line on a survivor: the lease grain comes back there, keeps client-1's lease
        // until it expires (plus the clock uncertainty of a recovered lease), then grants the next fence.
        var second = await AcquireAsync(survivors[0], "client-2", ttlMs: 10_000, waitMs: 15_000);
        var grantedAgainAfter = sinceKill.Elapsed;
        var detectedAfter = await detection;
        output.WriteLine($"{storage}: the survivors saw the SIGKILLed {victim.Host} dead {detectedAfter.TotalSeconds:0.00} s after the kill; " +
            $"its lease was granted again {grantedAgainAfter.TotalSeconds:0.00} s after it (goal: TTL {ttlMs / 1000.0:0.#} s + {FailoverGoal.TotalSeconds:0} s).");
        await PutAsync(survivors[1], second, "written by client-2");
        using var stale = await PutRequestAsync(survivors[0], first, "late write by client-1");
        var stored = await survivors[1].Http.GetStringAsync("/v1/objects/orders-report");
        await Eventually.True(async () => await ActiveSilosSeenByAsync(survivors[0]) == 2, Bound, "the survivors see the killed process dead");

        Assert.True(second.Fence > first.Fence, $"fence {second.Fence} after the kill is not above {first.Fence}");
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("written by client-2", stored);
        Assert.True(victim.Process.HasExited);
        output.WriteLine($"Fences {first.Fence} → {second.Fence}.");
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task A_process_stopped_with_SIGSTOP_is_voted_dead_and_exits_by_itself_after_SIGCONT_while_its_late_write_is_refused(StorageProvider storage)
    {
        await StartNodesAsync(storage);
        await Eventually.True(async () => await ActiveSilosSeenByAsync(Nodes[0]) == 3, Bound, () => $"three processes form one cluster; {Logs()}");
        var first = await AcquireAsync(Nodes[0], "client-1", ttlMs: 1_000);
        var victim = await HostOfLeaseAsync("orders");
        var survivors = Nodes.Where(n => n != victim).ToList();

        victim.Signal(ApiNode.SigStop);
        await Eventually.True(async () => await ActiveSilosSeenByAsync(survivors[0]) == 2, Bound, "the survivors vote the stopped process dead");
        var second = await AcquireAsync(survivors[0], "client-2", ttlMs: 10_000, waitMs: 15_000);
        await PutAsync(survivors[1], second, "written by client-2");
        victim.Signal(ApiNode.SigCont);
        var exited = victim.Process.WaitForExit(30_000);
        using var late = await PutRequestAsync(survivors[1], first, "late write by client-1");

        Assert.True(exited, $"the woken process did not stop itself; {Logs()}");
        Assert.True(second.Fence > first.Fence);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal("written by client-2", await survivors[0].Http.GetStringAsync("/v1/objects/orders-report"));
    }

    /// <summary>Starts the three processes on a fresh database of <paramref name="storage"/> and waits until each is ready.</summary>
    private async Task StartNodesAsync(StorageProvider storage)
    {
        await UseDatabaseAsync(storage);
        var firstHost = Random.Shared.Next(20, 240);
        for (var i = 0; i < 3; i++)
        {
            StartNode($"127.0.0.{firstHost + i}");
        }

        foreach (var node in Nodes)
        {
            await WaitReadyAsync(node, Bound);
        }
    }

    /// <summary>How long after <paramref name="sinceKill"/> started <paramref name="survivor"/>'s view holds only the two survivors Active.</summary>
    private static async Task<TimeSpan> DetectionAsync(ApiNode survivor, Stopwatch sinceKill)
    {
        await Eventually.True(async () => await ActiveSilosSeenByAsync(survivor) == 2, Bound, "the survivors see the killed process dead");
        return sinceKill.Elapsed;
    }

    private static async Task<int> ActiveSilosSeenByAsync(ApiNode node)
    {
        try
        {
            var view = await node.Http.GetFromJsonAsync<ClusterBody>("/v1/cluster");
            return view!.Silos.Count(s => s.Status == "Active");
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }

    /// <summary>
    /// The process whose silo hosts the lease grain of <paramref name="resource"/>, while the lease is held: each node lists
    /// the cluster's leases with the silo of each (<c>GET /v1/leases</c>), and Orleans placed the grain where it chose.
    /// </summary>
    private async Task<ApiNode> HostOfLeaseAsync(string resource)
    {
        var hosts = new List<ApiNode>();
        foreach (var node in Nodes)
        {
            // The list is the whole cluster's, each lease with the silo that holds it: the host is the node whose own silo that is.
            using var document = JsonDocument.Parse(await node.Http.GetStringAsync("/v1/leases"));
            var self = document.RootElement.GetProperty("silo").GetString();
            if (document.RootElement.GetProperty("leases").EnumerateArray().Any(l =>
                    l.GetProperty("resource").GetString() == resource && l.GetProperty("silo").GetString() == self))
            {
                hosts.Add(node);
            }
        }

        Assert.True(hosts.Count == 1, $"{hosts.Count} processes list the held lease on '{resource}'; {Logs()}");
        return hosts[0];
    }

    private static async Task<LeaseBody> AcquireAsync(ApiNode node, string holder, long ttlMs, long waitMs = 0)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var response = await node.Http.PostAsJsonAsync("/v1/leases/orders/acquire", new { holder, ttlMs, waitMs });
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return (await response.Content.ReadFromJsonAsync<LeaseBody>())!;
            }

            // Unavailable and unknown outcomes are retried (acquire is idempotent per holder); nothing else is expected.
            Assert.True(response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout, $"acquire answered {response.StatusCode}");
            Assert.True(clock.Elapsed < Bound, "the lease was not granted in time");
        }
    }

    private static async Task PutAsync(ApiNode node, LeaseBody lease, string text)
    {
        using var response = await PutRequestAsync(node, lease, text);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static Task<HttpResponseMessage> PutRequestAsync(ApiNode node, LeaseBody lease, string text)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, "/v1/objects/orders-report") { Content = new StringContent(text) };
        request.Headers.TryAddWithoutValidation("Fencing-Token", lease.Token);
        return node.Http.SendAsync(request);
    }
}
