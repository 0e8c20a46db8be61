using System.Text;
using Leasehold.Grains;
using Leasehold.Runtime.Diagnostics;
using Leasehold.Testing;
using Leasehold.TestingHost;

namespace Leasehold.Telemetry.Tests.Otlp;

public sealed class OtlpExportTests
{
    [Fact]
    public async Task One_requests_spans_across_two_silos_arrive_over_otlp_under_one_trace_id()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var cluster = await new TestClusterBuilder(2)
            .WithSetting("Telemetry:Otlp:Endpoint", receiver.Endpoint)
            .WithSetting("Telemetry:Otlp:Protocol", "http/protobuf")
            .WithSetting("Telemetry:ExportInterval", "00:00:00.100")
            .WithSetting("Telemetry:MetricExportInterval", "00:00:00.200")
            .WithSetting("Logging:LogLevel:Leasehold.Grains", "Information")
            .BuildAndStartAsync();
        var (entry, owner) = (cluster.Silos[0], cluster.Silos[1]);
        var resource = Enumerable.Range(0, 1000).Select(i => $"otlp-{i}").First(key => cluster.HostOf<ILeaseGrain>(key) == owner);

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

        var client = Assert.Single(trace, s => s is { Kind: OtlpSpan.Client, Name: "Leasehold.Grains.ILeaseGrain.AcquireAsync" });
        Assert.Equal(http.SpanId, client.ParentSpanId);
        Assert.Equal(entry.Address.ToString(), client[TelemetryAttributes.Silo]);

        var server = Assert.Single(trace, s => s is { Kind: OtlpSpan.Server, Scope: "Leasehold" });
        Assert.Equal(client.SpanId, server.ParentSpanId);
        Assert.Equal(owner.Address.ToString(), server[TelemetryAttributes.Silo]);

        var grant = Assert.Single(trace, s => s.Name == SpanNames.LeaseGrant);
        Assert.Equal(server.SpanId, grant.ParentSpanId);
        Assert.Equal(resource, grant[TelemetryAttributes.LeaseResource]);
        Assert.Equal(lease.Fence.ToString(System.Globalization.CultureInfo.InvariantCulture), grant[TelemetryAttributes.Fence]);

        // Metrics and logs travel the same way.
        await Eventually.True(() => receiver.Metrics.Any(m => Contains(m, "leasehold.lease.grants")), TimeSpan.FromSeconds(20),
            "an OTLP metrics export with leasehold.lease.grants");
        await Eventually.True(() => receiver.Logs.Any(l => Contains(l, $"Lease on {resource} granted")), TimeSpan.FromSeconds(20),
            "an OTLP logs export with the grant's log entry");
    }

    private static bool Contains(byte[] body, string text) => body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
}
