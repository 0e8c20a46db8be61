using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Leasehold.Grains;
using Leasehold.Runtime.Membership;
using Leasehold.Testing;
using Leasehold.TestingHost;
using Xunit.Abstractions;

namespace Leasehold.Cluster.Tests;

/// <summary>Silos come and go while clients work; strangers knock on the silo port.</summary>
public sealed class MembershipChangeTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(45);

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task Silos_joining_and_leaving_under_load_never_fail_outside_the_contract_nor_grant_a_fence_twice(StorageProvider storage)
    {
        await using var cluster = await new TestClusterBuilder(2).On(storage).BuildAndStartAsync();
        var entry = cluster.Silos[0];
        var history = new History();
        string[] resources = ["orders", "invoices", "payments", "shipments"];
        using var stop = new CancellationTokenSource(Bound);
        var work = resources.SelectMany(r => Enumerable.Range(0, 2).Select(i => new LeaseClient($"{r}-worker-{i}", entry.Http, history)).Select(c => (Client: c, Resource: r)))
            .Select(w => Task.Run(() => Workload.RunAsync(w.Client, w.Resource, stop.Token)))
            .ToArray();

        async Task StepAsync(string what, Func<Task> change)
        {
            var before = history.AcknowledgedWrites().Count;
            await change();
            await cluster.WaitForLivenessToStabilizeAsync();
            await Eventually.True(() => history.AcknowledgedWrites().Count >= before + 8, Bound, () => $"clients keep writing after: {what}; {history.Summary()}");
        }

        await StepAsync("a third silo joins", () => cluster.StartAdditionalSiloAsync());
        await StepAsync("the second silo leaves gracefully", () => cluster.StopSiloAsync(cluster.Silos[1]));
        await StepAsync("a fourth silo joins", () => cluster.StartAdditionalSiloAsync());
        await StepAsync("the third silo is killed", () => cluster.KillSiloAsync(cluster.Silos[2]));
        await stop.CancelAsync();
        await Task.WhenAll(work);

        HistoryAssert.OnlyContractStatuses(history);
        HistoryAssert.NoFenceGrantedTwice(history.Grants());
        HistoryAssert.AcknowledgedWritesNeverGoBack(history.AcknowledgedWrites());
        foreach (var resource in resources)
        {
            await HistoryAssert.NoAcknowledgedWriteLostAsync(entry.Http, resource, history);
        }

        output.WriteLine(history.Summary());
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task Concurrent_grain_calls_made_while_a_silo_joins_all_complete_and_each_lease_keeps_one_fence_sequence(StorageProvider storage)
    {
        await using var cluster = await new TestClusterBuilder(2).On(storage).BuildAndStartAsync();
        var grains = cluster.Silos[0].Grains;
        var keys = Enumerable.Range(0, 64).Select(i => $"resource-{i}").ToArray();

        // Each key's lease is granted once before the view change and once after; calls fly while the third silo joins.
        var first = await Task.WhenAll(keys.Select(k => grains.GetGrain<ILeaseGrain>(k).AcquireAsync(new AcquireLease("before", TimeSpan.FromMilliseconds(200), TimeSpan.Zero))));
        var joining = cluster.StartAdditionalSiloAsync();
        var during = await Task.WhenAll(keys.Select(k => grains.GetGrain<ILeaseGrain>(k).GetAsync()));
        await joining;
        await cluster.WaitForLivenessToStabilizeAsync();
        var moved = keys.Count(k => cluster.HostOf<ILeaseGrain>(k) == cluster.Silos[2]);
        var second = await Task.WhenAll(keys.Select(k => grains.GetGrain<ILeaseGrain>(k).AcquireAsync(new AcquireLease("after", TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5)))));

        Assert.All(first, r => Assert.Equal(1, Assert.IsType<LeaseResult.Granted>(r).Lease.Fence));
        Assert.All(during, v => Assert.Equal(1, v.Fence));
        Assert.All(second, r => Assert.Equal(2, Assert.IsType<LeaseResult.Granted>(r).Lease.Fence));
        Assert.InRange(moved, 1, keys.Length - 1);
        output.WriteLine($"{moved} of {keys.Length} lease grains moved to the new silo.");
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("huge length")]
    [InlineData("another cluster")]
    [InlineData("our cluster id without the secret")]
    public async Task A_strangers_bytes_on_a_silo_port_are_dropped_and_the_cluster_keeps_serving(string kind)
    {
        await using var cluster = await new TestClusterBuilder(2).BuildAndStartAsync();
        var target = cluster.Silos[1];
        byte[] bytes = kind switch
        {
            "garbage" => [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 31))],
            "huge length" => [0x7F, 0xFF, 0xFF, 0xFF, 1, 2, 3],
            "another cluster" => Frame(JsonSerializer.SerializeToUtf8Bytes(new { k = "hello", clusterId = "someone-else", host = "127.0.0.1", port = 1, generation = 1, membershipVersion = 99, nonce = "AAAAAAAAAAAAAAAAAAAAAA==" })),
            _ =>
            [
                .. Frame(JsonSerializer.SerializeToUtf8Bytes(new { k = "hello", clusterId = "leasehold", host = "127.0.0.1", port = 1, generation = 1, membershipVersion = 99, nonce = "AAAAAAAAAAAAAAAAAAAAAA==" })),
                .. Frame(JsonSerializer.SerializeToUtf8Bytes(new { k = "proof", mac = "bm90IHRoZSBzZWNyZXQ=" })),
            ],
        };

        using var stranger = new TcpClient();
        await stranger.ConnectAsync(IPAddress.Loopback, target.SiloPort);
        var stream = stranger.GetStream();
        await stream.WriteAsync(bytes);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        int read;
        do
        {
            read = await stream.ReadAsync(buffer, timeout.Token);
        }
        while (read > 0);

        await cluster.WaitForLivenessToStabilizeAsync();
        using var response = await target.Http.PostAsJsonAsync("/v1/leases/orders/acquire", new { holder = "worker", ttlMs = 10_000 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.All(cluster.Silos, s => Assert.Equal(2, s.Membership.Current.Silos.Count(e => e.Status == SiloStatus.Active)));
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task Every_node_lists_every_silo_with_its_generation_status_and_heartbeat(StorageProvider storage)
    {
        await using var cluster = await new TestClusterBuilder(3).On(storage).BuildAndStartAsync();

        foreach (var silo in cluster.Silos)
        {
            using var document = JsonDocument.Parse(await silo.Http.GetStringAsync("/v1/cluster"));
            var root = document.RootElement;
            Assert.True(root.GetProperty("membershipVersion").GetInt64() > 0);
            var silos = root.GetProperty("silos").EnumerateArray().ToList();
            Assert.Equal(
                cluster.Silos.Select(s => s.Address.ToString()).Order(),
                silos.Select(s => $"{s.GetProperty("address").GetString()}@{s.GetProperty("generation").GetInt64()}").Order());
            Assert.All(silos, s => Assert.Equal("Active", s.GetProperty("status").GetString()));
            Assert.All(silos, s => Assert.True(s.GetProperty("lastHeartbeatUtc").GetDateTimeOffset() > DateTimeOffset.UnixEpoch));
        }
    }

    private static byte[] Frame(byte[] payload) =>
        [(byte)(payload.Length >> 24), (byte)(payload.Length >> 16), (byte)(payload.Length >> 8), (byte)payload.Length, .. payload];
}
