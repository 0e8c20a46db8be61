using System.Globalization;
using System.Text;
using Leasehold.Diagnostics;
using Leasehold.Testing;
using Leasehold.NodeCluster;

namespace Leasehold.Telemetry.Tests.Otlp;

/// <summary>
/// Nodes configured only with the standard OTEL_ variables, as a new user would start one. The settings go into each
/// silo's configuration, which is where the SDK reads them (environment variables are part of it in a real host);
/// setting the process's own environment would leak into every other silo of the process.
/// </summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task A_node_started_with_only_the_standard_variables_exports_traces_metrics_and_logs_at_the_interval_asked_for()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var cluster = await Standard(new TestClusterBuilder(2), receiver)
            .WithSetting("Logging:LogLevel:Leasehold.Grains", "Information")
            .ConfigureSilo(SiloSpanTag.AddTo)
            .BuildAndStartAsync();
        var (entry, owner) = (cluster.Silos[0], cluster.Silos[1]);
        var resource = await Placement.LeaseOnAsync(cluster, owner, "otlp");

        // The request enters at silo 0; its lease grain lives on silo 1.
        var (lease, traceId) = await Http.AcquireAsync(entry.Http, resource, "otlp-test");
        Assert.NotNull(traceId);

        List<OtlpSpan> trace = [];
        await Eventually.True(() =>
        {
            trace = [.. receiver.Spans().Where(s => s.TraceId == traceId)];
            return trace.Any(s => s.Name == SpanNames.LeaseGrant) && trace.Any(s => s.Scope == "Microsoft.AspNetCore");
        }, TimeSpan.FromSeconds(20), () => $"the request's spans over OTLP; trace {traceId} has: {string.Join("; ", trace)}");

        var http = Assert.Single(trace, s => s.Scope == "Microsoft.AspNetCore");
        Assert.Equal("POST /v1/leases/{resource}/acquire", http.Name);
        Assert.Equal(OtlpSpan.Server, http.Kind);
        Assert.Equal("200", http["http.response.status_code"]);
        Assert.Equal("/v1/leases/{resource}/acquire", http["http.route"]);

        // Orleans' grain-call spans, exported under Orleans' instrumentation scope.
        var client = Assert.Single(trace, s => s is { Kind: OtlpSpan.Client, Name: "ILeaseGrain/AcquireAsync" });
        Assert.Equal("Microsoft.Orleans.Application", client.Scope);
        Assert.Equal(http.SpanId, client.ParentSpanId);
        Assert.Equal("Leasehold.Grains.ILeaseGrain/AcquireAsync", client["rpc.method"]);
        Assert.Equal(entry.Address.ToString(), client[SiloSpanTag.Silo]);

        var server = Assert.Single(trace, s => s is { Kind: OtlpSpan.Server, Name: "ILeaseGrain/AcquireAsync" });
        Assert.Equal("Microsoft.Orleans.Application", server.Scope);
        Assert.Equal(client.SpanId, server.ParentSpanId);
        Assert.Equal(owner.Address.ToString(), server[SiloSpanTag.Silo]);

        var grant = Assert.Single(trace, s => s.Name == SpanNames.LeaseGrant);
        Assert.Equal(server.SpanId, grant.ParentSpanId);
        Assert.Equal(resource, grant[TelemetryAttributes.LeaseResource]);
        Assert.Equal(lease.Fence.ToString(CultureInfo.InvariantCulture), grant[TelemetryAttributes.Fence]);

        // OTEL_METRIC_EXPORT_INTERVAL=1000: metrics within a few seconds (the SDK's default is 60 s, past this bound).
        await Eventually.True(() => receiver.Metrics.Any(m => Contains(m, "leasehold.lease.grants")), TimeSpan.FromSeconds(10),
            "an OTLP metrics export with leasehold.lease.grants within a few intervals of 1 s");
        await Eventually.True(() => receiver.Metrics.Any(m => Contains(m, "http.server.request.duration")), TimeSpan.FromSeconds(10),
            "ASP.NET Core's request duration over OTLP");
        await Eventually.True(() => receiver.Metrics.Any(m => Contains(m, "Microsoft.Orleans") && Contains(m, "orleans-app-requests-latency")), TimeSpan.FromSeconds(10),
            "Orleans' meter over OTLP: its grain-call latency");
        await Eventually.True(() => receiver.Logs.Any(l => Contains(l, $"Lease on {resource} granted")), TimeSpan.FromSeconds(20),
            "an OTLP logs export with the grant's log entry");

        // The SDK's logger provider stamps the record with the span it was written in: the grant's trace id is beside it.
        var traceBytes = Convert.FromHexString(traceId);
        Assert.Contains(receiver.Logs, l => Contains(l, $"Lease on {resource} granted") && l.AsSpan().IndexOf(traceBytes) >= 0);
    }

    [Fact]
    public async Task OTEL_SERVICE_NAME_and_OTEL_RESOURCE_ATTRIBUTES_are_on_every_signals_resource()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var cluster = await Standard(new TestClusterBuilder(1), receiver)
            .WithSetting("OTEL_SERVICE_NAME", "leasehold-eu-1")
            .WithSetting("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment.name=ci,service.namespace=locks")
            .BuildAndStartAsync();

        var (_, traceId) = await Http.AcquireAsync(cluster.Silos[0].Http, "resource", "client-1");
        Assert.NotNull(traceId);

        await Eventually.True(() => receiver.Traces.Any(t => receiver.Spans().Any(s => s.TraceId == traceId)) && !receiver.Metrics.IsEmpty,
            TimeSpan.FromSeconds(20), "a traces and a metrics export");
        foreach (var resource in receiver.Traces.Concat(receiver.Metrics).SelectMany(OtlpTraceDecoder.Resources))
        {
            Assert.Equal("leasehold-eu-1", resource.GetValueOrDefault("service.name"));
            Assert.Equal("ci", resource.GetValueOrDefault("deployment.environment.name"));
            Assert.Equal("locks", resource.GetValueOrDefault("service.namespace"));
            Assert.False(string.IsNullOrEmpty(resource.GetValueOrDefault("service.instance.id")), "each silo names its instance");
        }
    }

    [Fact]
    public async Task Without_OTEL_SERVICE_NAME_the_service_is_called_leasehold()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var cluster = await Standard(new TestClusterBuilder(1), receiver).BuildAndStartAsync();

        await Http.AcquireAsync(cluster.Silos[0].Http, "default-name", "client-1");

        await Eventually.True(() => !receiver.Metrics.IsEmpty, TimeSpan.FromSeconds(20), "a metrics export");
        var resource = OtlpTraceDecoder.Resources(receiver.Metrics.First()).First();
        Assert.Equal("leasehold", resource.GetValueOrDefault("service.name"));
    }

    [Fact]
    public async Task With_only_OTEL_EXPORTER_OTLP_ENDPOINT_set_the_protocol_is_http_protobuf_as_the_specification_says()
    {
        // The .NET SDK's own default is grpc; Leasehold's defaults file sets the specification's, at the lowest precedence.
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var cluster = await new TestClusterBuilder(1)
            .WithSetting("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.Endpoint)
            .WithSetting("OTEL_METRIC_EXPORT_INTERVAL", "1000")
            .BuildAndStartAsync();

        await Http.AcquireAsync(cluster.Silos[0].Http, "default-protocol", "client-1");

        await Eventually.True(() => receiver.Metrics.Any(m => Contains(m, "leasehold.lease.grants")), TimeSpan.FromSeconds(10),
            "metrics over OTLP/HTTP to the receiver's /v1/metrics");
    }

    [Fact]
    public async Task OTEL_SDK_DISABLED_exports_nothing_and_names_no_trace()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        string? traceId;
        await using (var cluster = await Standard(new TestClusterBuilder(1), receiver).WithSetting("OTEL_SDK_DISABLED", "true").BuildAndStartAsync())
        {
            var http = cluster.Silos[0].Http;
            var (lease, id) = await Http.AcquireAsync(http, "disabled", "client-1");
            traceId = id;
            await Http.PutAsync(http, "disabled.txt", lease.Token, "hello");
        }

        // The cluster is disposed: an SDK that ran would have flushed its spans, a last metrics collection and the logs.
        Assert.Null(traceId);
        Assert.Empty(receiver.Traces);
        Assert.Empty(receiver.Metrics);
        Assert.Empty(receiver.Logs);
    }

    [Fact]
    public async Task OTEL_TRACES_SAMPLER_always_off_records_no_spans_while_metrics_still_flow()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        string? traceId;
        await using (var cluster = await Standard(new TestClusterBuilder(1), receiver).WithSetting("OTEL_TRACES_SAMPLER", "always_off").BuildAndStartAsync())
        {
            var http = cluster.Silos[0].Http;
            var (lease, id) = await Http.AcquireAsync(http, "sampled-out", "client-1");
            traceId = id;
            await Http.PutAsync(http, "sampled-out.txt", lease.Token, "hello");
            await Eventually.True(() => receiver.Metrics.Any(m => Contains(m, "leasehold.object.writes")), TimeSpan.FromSeconds(10),
                "the write counted over OTLP: the pipeline runs");
        }

        // Disposed, so any recorded span has been flushed.
        Assert.Null(traceId);
        Assert.Empty(receiver.Spans());
    }

    /// <summary>The standard variables a new user sets: the collector, its protocol, a short metric interval and batch delay.</summary>
    private static TestClusterBuilder Standard(TestClusterBuilder builder, OtlpReceiver receiver) => builder
        .WithSetting("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.Endpoint)
        .WithSetting("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
        .WithSetting("OTEL_METRIC_EXPORT_INTERVAL", "1000")
        .WithSetting("OTEL_BSP_SCHEDULE_DELAY", "100")
        .WithSetting("OTEL_BLRP_SCHEDULE_DELAY", "100");

    private static bool Contains(byte[] body, string text) => body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
}
