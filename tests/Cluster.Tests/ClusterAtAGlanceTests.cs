using System.Net.Http.Json;
using System.Text.Json;
using Leasehold.NodeCluster;
using Leasehold.Testing;

namespace Leasehold.Cluster.Tests;

/// <summary>
/// The cluster at a glance: <c>GET /v1/leases</c> lists every silo's leases with the silo that holds each, reports a silo
/// that does not answer instead of waiting for it, and <c>/v1/cluster</c> stops listing old Dead silos but still counts them.
/// </summary>
public sealed class ClusterAtAGlanceTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Leases_held_on_two_silos_are_both_listed_with_the_silo_that_holds_each_and_its_faults()
    {
        await using var cluster = await new TestClusterBuilder(2).BuildAndStartAsync();
        var (first, second) = (cluster.Silos[0], cluster.Silos[1]);
        // Each node's API places a new lease grain on its own silo (NodeCluster's PreferLocalPlacement); checked, not assumed.
        await AcquireAsync(first, "alpha", "worker-a");
        await AcquireAsync(second, "beta", "worker-b");
        Assert.Same(first, await cluster.HostOfLeaseAsync("alpha"));
        Assert.Same(second, await cluster.HostOfLeaseAsync("beta"));
        await cluster.SkewClockAsync(second, TimeSpan.FromSeconds(-30));

        var listed = await ListAsync(first);

        Assert.Equal(2, listed.GetProperty("total").GetInt32());
        var leases = listed.GetProperty("leases").EnumerateArray().ToDictionary(l => l.GetProperty("resource").GetString()!);
        Assert.Equal(first.ToString(), leases["alpha"].GetProperty("silo").GetString());
        Assert.Equal("worker-a", leases["alpha"].GetProperty("holder").GetString());
        Assert.Equal(second.ToString(), leases["beta"].GetProperty("silo").GetString());
        Assert.Empty(listed.GetProperty("unreachable").EnumerateArray());
        var silos = listed.GetProperty("silos").EnumerateArray().ToDictionary(s => s.GetProperty("silo").GetString()!);
        Assert.Equal(new[] { first.ToString(), second.ToString() }.Order(StringComparer.Ordinal), silos.Keys.Order(StringComparer.Ordinal));
        Assert.All(silos.Values, s => Assert.True(s.GetProperty("answered").GetBoolean()));
        Assert.Equal(0, silos[first.ToString()].GetProperty("faults").GetProperty("clockOffsetMs").GetInt64());
        Assert.InRange(silos[second.ToString()].GetProperty("faults").GetProperty("clockOffsetMs").GetInt64(), -30_100, -29_900);
    }

    [Fact]
    public async Task A_paused_silo_is_reported_unreachable_within_the_answer_timeout_while_the_others_leases_are_listed()
    {
        await using var cluster = await new TestClusterBuilder(2)
            .WithSetting("Api:SiloAnswerTimeout", "00:00:01")
            // Slow failure detection: the paused silo must stay Active in the view, so it is asked and must be waited for.
            .WithSetting("Cluster:Membership:ProbeTimeout", "00:01:00")
            .WithSetting("Cluster:Membership:MaxProbeTimeout", "00:01:00")
            .BuildAndStartAsync();
        var (first, second) = (cluster.Silos[0], cluster.Silos[1]);
        await AcquireAsync(first, "alpha", "worker-a");
        await AcquireAsync(second, "beta", "worker-b");
        Assert.Equal(2, (await ListAsync(first)).GetProperty("total").GetInt32());

        await cluster.PauseSiloAsync(second, TimeSpan.FromMinutes(2));
        // Far beyond the answer timeout, far below the pause: a request that waited for the paused silo would fail here.
        var listed = await ListAsync(first, TimeSpan.FromSeconds(20));

        Assert.Equal([second.ToString()], listed.GetProperty("unreachable").EnumerateArray().Select(s => s.GetString()));
        var silos = listed.GetProperty("silos").EnumerateArray().ToDictionary(s => s.GetProperty("silo").GetString()!);
        Assert.False(silos[second.ToString()].GetProperty("answered").GetBoolean());
        Assert.Contains("Api:SiloAnswerTimeout", silos[second.ToString()].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.True(silos[first.ToString()].GetProperty("answered").GetBoolean());
        Assert.Equal(["alpha"], listed.GetProperty("leases").EnumerateArray().Select(l => l.GetProperty("resource").GetString()));
        Assert.Equal(1, listed.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_dead_silo_older_than_the_display_age_leaves_the_cluster_list_but_is_still_counted()
    {
        await using var cluster = await new TestClusterBuilder(2).WithSetting("Cluster:DeadSiloDisplayAge", "00:00:00.200").BuildAndStartAsync();
        var (first, second) = (cluster.Silos[0], cluster.Silos[1]);
        var before = await GetAsync(first, "/v1/cluster");
        Assert.Equal(2, before.GetProperty("silos").GetArrayLength());
        Assert.Equal(0, before.GetProperty("hiddenDeadSilos").GetInt32());

        await cluster.StopSiloAsync(second);

        JsonElement seen = default;
        await Eventually.True(async () =>
        {
            seen = await GetAsync(first, "/v1/cluster");
            return seen.GetProperty("hiddenDeadSilos").GetInt32() == 1;
        }, Bound, () => $"the stopped silo is counted, not listed: {seen}");
        var listed = seen.GetProperty("silos").EnumerateArray().ToList();
        Assert.Equal(first.Address.Endpoint.ToString(), Assert.Single(listed).GetProperty("address").GetString());
        Assert.Equal("Active", listed[0].GetProperty("status").GetString());
    }

    private static async Task AcquireAsync(TestSilo node, string resource, string holder)
    {
        using var response = await node.Http.PostAsJsonAsync($"/v1/leases/{resource}/acquire", new { holder, ttlMs = 60_000 });
        response.EnsureSuccessStatusCode();
    }

    private static async Task<JsonElement> ListAsync(TestSilo node, TimeSpan? within = null)
    {
        using var deadline = new CancellationTokenSource(within ?? Bound);
        using var response = await node.Http.GetAsync("/v1/leases", deadline.Token);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(deadline.Token);
    }

    private static async Task<JsonElement> GetAsync(TestSilo node, string path)
    {
        using var response = await node.Http.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
