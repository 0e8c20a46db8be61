using Microsoft.Extensions.Configuration;

namespace Leasehold.Telemetry.Tests;

public sealed class TelemetryOptionsTests
{
    [Fact]
    public void Every_exporter_of_ours_is_off_unless_asked_for()
    {
        var options = TelemetryOptions.Read(new ConfigurationBuilder().Build());

        Assert.False(options.Console.Enabled);
        Assert.True(options.Console.Metrics);
        Assert.False(options.Prometheus.Enabled);
    }

    [Theory]
    [InlineData("Telemetry:Console:Enabled")]
    [InlineData("Telemetry:Console:Metrics")]
    [InlineData("Telemetry:Prometheus:Enabled")]
    public void A_value_that_is_not_a_bool_stops_the_start_naming_its_key(string key)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(key, "yes please")]).Build();

        var error = Assert.Throws<InvalidOperationException>(() => TelemetryOptions.Read(configuration));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.Contains("configuration", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData("Telemetry:Prometheus:Enabled", "true", false)]
    [InlineData("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "http://127.0.0.1:4318/v1/metrics", false)]
    [InlineData("OTEL_EXPORTER_OTLP_LOGS_ENDPOINT", "http://127.0.0.1:4318/v1/logs", false)]
    [InlineData("Telemetry:Console:Enabled", "false", false)]
    [InlineData("Telemetry:Console:Enabled", "true", true)]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318", true)]
    [InlineData("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://127.0.0.1:4318/v1/traces", true)]
    public void Traces_are_exported_only_by_the_console_exporter_or_OTLP_for_traces(string? key, string? value, bool exported)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(key is null ? [] : [new KeyValuePair<string, string?>(key, value)]).Build();

        Assert.Equal(exported, TelemetryHostBuilderExtensions.ExportsTraces(configuration));
    }
}
