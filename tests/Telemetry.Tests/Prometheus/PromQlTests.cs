namespace Leasehold.Telemetry.Tests.Prometheus;

public sealed class PromQlTests
{
    [Theory]
    [InlineData("sum(rate(leasehold_lease_grants_total[$__rate_interval]))", "leasehold_lease_grants_total")]
    [InlineData("histogram_quantile(0.99, sum by (le, http_route) (rate(http_server_request_duration_seconds_bucket[5m])))", "http_server_request_duration_seconds_bucket")]
    [InlineData("max(leasehold_silo_status{leasehold_silo_status=\"Active\"})", "leasehold_silo_status")]
    [InlineData("sum(a_total) / sum(b_total offset 1h)", "a_total,b_total")]
    public void Metric_names_are_what_is_left_after_functions_keywords_matchers_and_ranges(string expr, string names) =>
        Assert.Equal(names.Split(','), PromQl.MetricNames(expr));

    [Fact]
    public void Grouping_labels_are_read_from_by_clauses() =>
        Assert.Equal(["le", "http_route", "instance"],
            PromQl.GroupingLabels("histogram_quantile(0.5, sum by (le, http_route) (rate(x_bucket[1m]))) + sum by (instance) (y)"));
}
