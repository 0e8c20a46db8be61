using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Leasehold.Testing;
using Leasehold.NodeCluster;

namespace Leasehold.Telemetry.Tests.Prometheus;

public sealed partial class PrometheusEndpointTests
{
    /// <summary>Labels Prometheus adds itself when it scrapes a target; the service never emits them.</summary>
    private static readonly string[] ScrapeLabels = ["instance", "job", "le"];

    [Fact]
    public async Task The_metrics_endpoint_is_off_by_default()
    {
        await using var cluster = await new TestClusterBuilder(1).BuildAndStartAsync();

        using var response = await cluster.Silos[0].Http.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Every_metric_and_label_the_grafana_board_queries_is_served_on_metrics_after_some_traffic()
    {
        var queries = BoardQueries();
        Assert.NotEmpty(queries);
        await using var cluster = await new TestClusterBuilder(1).WithSetting("Telemetry:Prometheus:Enabled", "true").BuildAndStartAsync();
        var http = cluster.Silos[0].Http;

        // A little of everything the board shows: a grant renewed, written and released, a stale and a forged write, a
        // lease left to expire, an acquire that waits in line until its wait runs out, and a fault injected.
        var (first, _) = await Http.AcquireAsync(http, "board", "client-1");
        using (var renewed = await http.PostAsJsonAsync("/v1/leases/board/renew", new { leaseId = first.LeaseId }))
        {
            Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await Http.PutAsync(http, "board.txt", first.Token, "one")).Status);
        await Http.ReleaseAsync(http, first);
        var (second, _) = await Http.AcquireAsync(http, "board", "client-2");
        Assert.Equal(HttpStatusCode.OK, (await Http.PutAsync(http, "board.txt", second.Token, "two")).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await Http.PutAsync(http, "board.txt", first.Token, "late")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await Http.PutAsync(http, "board.txt", first.Token[..^4] + "AAAA", "forged")).Status);
        await Http.AcquireAsync(http, "board-expires", "client-3", ttlMs: 200);
        using (var waited = await http.PostAsJsonAsync("/v1/leases/board/acquire", new { holder = "client-4", ttlMs = 60_000, waitMs = 50 }))
        {
            Assert.Equal(HttpStatusCode.Conflict, waited.StatusCode);
        }

        cluster.Silos[0].Faults.SkewClock(TimeSpan.Zero);

        var missing = new List<string>();
        var scraped = "";
        await Eventually.True(async () =>
        {
            using var response = await http.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            scraped = await response.Content.ReadAsStringAsync();
            var names = SeriesNames(scraped);
            missing = [.. queries.SelectMany(PromQl.MetricNames).Distinct().Where(n => !names.Contains(n)),
                .. queries.SelectMany(PromQl.GroupingLabels).Distinct().Except(ScrapeLabels).Where(l => !scraped.Contains($"{l}=\"", StringComparison.Ordinal))];
            return missing.Count == 0;
        }, TimeSpan.FromSeconds(15), () => $"the board queries what /metrics does not serve: {string.Join(", ", missing)}{Environment.NewLine}{scraped}");
        Assert.Contains("leasehold_fence_rejections_total{otel_scope_name=\"Leasehold\",leasehold_rejection_reason=\"stale-fence\"} 1", scraped, StringComparison.Ordinal);
        Assert.Contains("leasehold_lease_wait_duration_seconds_count{otel_scope_name=\"Leasehold\",leasehold_wait_outcome=\"held\"} 1", scraped, StringComparison.Ordinal);
        Assert.Contains("leasehold_faults_injected_total{otel_scope_name=\"Leasehold\",leasehold_fault_kind=\"clock\"} 1", scraped, StringComparison.Ordinal);

        // Lease waits are bucketed in seconds, finely enough below a second to read a p99 from.
        Assert.Contains("leasehold_lease_wait_duration_seconds_bucket{otel_scope_name=\"Leasehold\",leasehold_wait_outcome=\"held\",le=\"0.25\"}", scraped, StringComparison.Ordinal);

        // Kinds and statuses not seen yet are served at zero, so the first of each is an increase to Prometheus.
        Assert.Contains("leasehold_faults_injected_total{otel_scope_name=\"Leasehold\",leasehold_fault_kind=\"kill\"} 0", scraped, StringComparison.Ordinal);
        Assert.Contains("leasehold_membership_changes_total{otel_scope_name=\"Leasehold\",leasehold_silo_status=\"dead\"} 0", scraped, StringComparison.Ordinal);
        Assert.Contains("leasehold_silos{otel_scope_name=\"Leasehold\",leasehold_silo_status=\"active\"} 1", scraped, StringComparison.Ordinal);
    }

    /// <summary>Every PromQL <c>expr</c> in docs/grafana/leasehold.json, panels in rows included.</summary>
    private static List<string> BoardQueries()
    {
        using var board = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "grafana", "leasehold.json")));
        var queries = new List<string>();
        Collect(board.RootElement.GetProperty("panels"), queries);
        return queries;
    }

    private static void Collect(JsonElement panels, List<string> into)
    {
        foreach (var panel in panels.EnumerateArray())
        {
            if (panel.TryGetProperty("targets", out var targets))
            {
                into.AddRange(targets.EnumerateArray().Select(t => t.GetProperty("expr").GetString()!));
            }

            if (panel.TryGetProperty("panels", out var nested))
            {
                Collect(nested, into);
            }
        }
    }

    /// <summary>The series names in a text-format exposition: each sample line's name, before its labels or value.</summary>
    private static HashSet<string> SeriesNames(string exposition) =>
        [.. SampleName().Matches(exposition).Select(m => m.Groups[1].Value)];

    [GeneratedRegex(@"^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", RegexOptions.Multiline)]
    private static partial Regex SampleName();
}
