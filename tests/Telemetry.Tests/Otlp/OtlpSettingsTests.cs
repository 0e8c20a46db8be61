using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;

namespace Leasehold.Telemetry.Tests.Otlp;

public sealed class OtlpSettingsTests
{
    [Fact]
    public void The_standard_variables_switch_otlp_on_and_http_protobuf_gets_the_signal_paths()
    {
        var options = Read(new() { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:4318/" });

        Assert.True(options.Otlp.Enabled);
        Assert.Equal("http/protobuf", options.Otlp.Protocol);
        var traces = OtlpEndpoints.For(options.Otlp, OtlpEndpoints.Traces);
        Assert.Equal(OtlpExportProtocol.HttpProtobuf, traces.Protocol);
        Assert.Equal(new Uri("http://127.0.0.1:4318/v1/traces"), traces.Endpoint);
        Assert.Equal(new Uri("http://127.0.0.1:4318/v1/metrics"), OtlpEndpoints.For(options.Otlp, OtlpEndpoints.Metrics).Endpoint);
    }

    [Fact]
    public void Grpc_uses_the_base_endpoint_for_every_signal()
    {
        var options = Read(new() { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:4317", ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc" });

        var traces = OtlpEndpoints.For(options.Otlp, OtlpEndpoints.Traces);
        Assert.Equal(OtlpExportProtocol.Grpc, traces.Protocol);
        Assert.Equal(new Uri("http://127.0.0.1:4317"), traces.Endpoint);
    }

    [Fact]
    public void The_telemetry_section_wins_over_the_standard_variables()
    {
        var options = Read(new()
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:4317",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc",
            ["Telemetry:Otlp:Endpoint"] = "http://127.0.0.1:9999",
            ["Telemetry:Otlp:Protocol"] = "http/protobuf",
        });

        Assert.Equal("http://127.0.0.1:9999", options.Otlp.Endpoint);
        Assert.Equal("http/protobuf", options.Otlp.Protocol);
    }

    [Fact]
    public void Without_an_endpoint_nothing_is_exported()
    {
        var options = Read([]);

        Assert.False(options.AnyExporter);
    }

    [Theory]
    [InlineData("Telemetry:Otlp:Protocol", "http/json", "Telemetry:Otlp:Protocol")]
    [InlineData("Telemetry:Otlp:Endpoint", "localhost:4318", "Telemetry:Otlp:Endpoint")]
    [InlineData("Telemetry:ExportInterval", "00:00:00", "Telemetry:ExportInterval")]
    public void A_bad_value_is_refused_naming_its_key(string key, string value, string named)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Read(new() { [key] = value }));

        Assert.StartsWith(named, failure.Message, StringComparison.Ordinal);
    }

    private static TelemetryOptions Read(Dictionary<string, string?> settings) =>
        TelemetryOptionsReader.Read(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
}
