using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Leasehold.Grains;
using Leasehold.Testing;
using Leasehold.Hosting.Tests.Orleans;
using Leasehold.NodeCluster;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Leasehold.Cluster.Tests;

/// <summary>Silos come and go while clients work; strangers without the cluster's certificate knock on the silo port.</summary>
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
        var hostsBefore = await HostsAsync(cluster, keys);
        var joining = cluster.StartAdditionalSiloAsync();
        var during = await Task.WhenAll(keys.Select(k => grains.GetGrain<ILeaseGrain>(k).GetAsync()));
        await joining;
        await cluster.WaitForLivenessToStabilizeAsync();
        var hosts = await HostsAsync(cluster, keys);
        var second = await Task.WhenAll(keys.Select(k => grains.GetGrain<ILeaseGrain>(k).AcquireAsync(new AcquireLease("after", TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5)))));

        Assert.All(first, r => Assert.Equal(1, Assert.IsType<LeaseResult.Granted>(r).Lease.Fence));
        Assert.All(during, v => Assert.Equal(1, v.Fence));
        Assert.All(second, r => Assert.Equal(2, Assert.IsType<LeaseResult.Granted>(r).Lease.Fence));
        // Orleans moves no activation when a silo joins (no rendezvous hashing): the grains and their in-memory leases stay put.
        Assert.Equal(hostsBefore, hosts);
        output.WriteLine($"Lease grains per silo: {string.Join(", ", hosts.Values.GroupBy(h => h).Select(g => $"{g.Key} × {g.Count()}"))}.");
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("huge length")]
    [InlineData("tls without a certificate")]
    [InlineData("tls with another cluster's certificate")]
    public async Task A_stranger_without_the_clusters_certificate_is_refused_on_the_silo_port_and_the_cluster_keeps_serving(string kind)
    {
        await using var cluster = await new TestClusterBuilder(2).BuildAndStartAsync();
        var target = cluster.Silos[1];
        var endpoint = new IPEndPoint(IPAddress.Loopback, target.SiloPort);
        using var otherClusters = OtherClustersCertificate();

        var admitted = kind switch
        {
            "garbage" => await Stranger.RawBytesReceivedAsync(endpoint, [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 31))]) > 0,
            "huge length" => await Stranger.RawBytesReceivedAsync(endpoint, [0x7F, 0xFF, 0xFF, 0xFF, 1, 2, 3]) > 0,
            "tls without a certificate" => await Stranger.AdmittedOverTlsAsync(endpoint, certificate: null),
            _ => await Stranger.AdmittedOverTlsAsync(endpoint, otherClusters),
        };

        Assert.False(admitted, $"a stranger ({kind}) was admitted on the silo port");
        await cluster.WaitForLivenessToStabilizeAsync();
        using var response = await target.Http.PostAsJsonAsync("/v1/leases/orders/acquire", new { holder = "worker", ttlMs = 10_000 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.All(cluster.Silos, s => Assert.Equal(2, s.ActiveSilos.Count));
    }

    [Fact]
    public async Task A_peer_with_the_clusters_certificate_is_admitted_on_the_silo_port_so_the_refusals_are_the_certificates_doing()
    {
        await using var cluster = await new TestClusterBuilder(1).BuildAndStartAsync();
        var folder = Path.GetDirectoryName(new SqliteConnectionStringBuilder(cluster.ConnectionString).DataSource)!;
        using var certificate = X509CertificateLoader.LoadPkcs12FromFile(Path.Combine(folder, "cluster.pfx"), password: null);

        Assert.True(await Stranger.AdmittedOverTlsAsync(new IPEndPoint(IPAddress.Loopback, cluster.Silos[0].SiloPort), certificate));
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
                cluster.Silos.Select(s => s.ToString()).Order(),
                silos.Select(s => $"{s.GetProperty("address").GetString()}@{s.GetProperty("generation").GetInt64()}").Order());
            Assert.All(silos, s => Assert.Equal("Active", s.GetProperty("status").GetString()));
            Assert.All(silos, s => Assert.True(s.GetProperty("lastHeartbeatUtc").GetDateTimeOffset() > DateTimeOffset.UnixEpoch));
        }
    }

    /// <summary>Where each key's lease grain is activated.</summary>
    private static async Task<Dictionary<string, string>> HostsAsync(TestCluster cluster, IEnumerable<string> keys)
    {
        var hosts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            hosts[key] = (await cluster.HostOfLeaseAsync(key)).ToString();
        }

        return hosts;
    }

    /// <summary>A self-signed certificate of the subject the generated cluster certificate has, made for no cluster of ours.</summary>
    private static X509Certificate2 OtherClustersCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Leasehold cluster (generated)", key, HashAlgorithmName.SHA256);
        var now = TimeProvider.System.GetUtcNow();
        return request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
    }
}
