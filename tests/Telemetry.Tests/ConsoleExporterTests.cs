using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using Leasehold.Testing;
using Leasehold.TestingHost;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Leasehold.Telemetry.Tests;

public sealed class ConsoleExporterTests
{
    [Fact]
    public void A_span_prints_its_name_ids_attributes_status_and_events()
    {
        using var source = new ActivitySource("Leasehold.Tests.ConsoleSpans");
        var output = new StringWriter();
        using (Sdk.CreateTracerProviderBuilder().AddSource(source.Name)
                   .AddProcessor(new SimpleActivityExportProcessor(new ConsoleSpanExporter(output))).Build())
        {
            using var span = source.StartActivity("leasehold.object.write")!;
            span.SetTag("leasehold.fence", 3L);
            span.SetTag("leasehold.rejection.reason", "stale-fence");
            span.SetStatus(ActivityStatusCode.Error, "fence 3 is below 4");
            span.AddEvent(new ActivityEvent("checked", tags: new ActivityTagsCollection { ["leasehold.fence.highest"] = 4L }));
            span.Stop();

            var lines = output.ToString().Split(Environment.NewLine);
            Assert.StartsWith($"span Internal leasehold.object.write ", lines[0], StringComparison.Ordinal);
            Assert.EndsWith($"trace={span.TraceId.ToHexString()} span={span.SpanId.ToHexString()} parent=-", lines[0], StringComparison.Ordinal);
            Assert.Equal("     leasehold.fence=3 leasehold.rejection.reason=stale-fence", lines[1]);
            Assert.Equal("     status=Error: fence 3 is below 4", lines[2]);
            Assert.Equal("     event checked leasehold.fence.highest=4", lines[3]);
        }
    }

    [Fact]
    public void A_metric_prints_its_name_unit_attributes_and_value()
    {
        using var meter = new Meter("Leasehold.Tests.ConsoleMetrics");
        var output = new StringWriter();
        using var provider = Sdk.CreateMeterProviderBuilder().AddMeter(meter.Name)
            .AddReader(new PeriodicExportingMetricReader(new ConsoleMetricExporter(output), exportIntervalMilliseconds: 3_600_000)).Build();
        var rejections = meter.CreateCounter<long>("leasehold.fence.rejections", "{write}", "Fenced writes refused.");
        var duration = meter.CreateHistogram<double>("leasehold.grain.call.duration", "s");
        rejections.Add(2, new KeyValuePair<string, object?>("leasehold.rejection.reason", "stale-fence"));
        duration.Record(0.25);
        duration.Record(0.75);

        Assert.True(provider.ForceFlush());

        var text = output.ToString();
        Assert.Contains("metric leasehold.fence.rejections ({write}) Fenced writes refused." + Environment.NewLine +
                        "     leasehold.rejection.reason=stale-fence 2" + Environment.NewLine, text, StringComparison.Ordinal);
        Assert.Contains("metric leasehold.grain.call.duration (s) " + Environment.NewLine +
                        "     count=2 sum=1 min=0.25 max=0.75" + Environment.NewLine, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_console_exporter_on_a_fenced_writes_trace_is_printed()
    {
        var output = new StringWriter();
        var console = new TelemetryConsole(TextWriter.Synchronized(output));
        await using var cluster = await new TestClusterBuilder(1)
            .WithSetting("Telemetry:Console:Enabled", "true")
            .WithSetting("Telemetry:Console:Metrics", "false")
            .ConfigureSilo(b => b.Services.AddSingleton(console))
            .BuildAndStartAsync();
        var http = cluster.Silos[0].Http;

        var (lease, _) = await Http.AcquireAsync(http, "console-story", "client-1");
        var (status, traceId) = await Http.PutAsync(http, "console-story.txt", lease.Token, "hello");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(traceId);
        string[] expected =
        [
            $"span Server PUT /v1/objects/{{key}} ",
            "span Client Leasehold.Grains.IObjectShardGrain.PutAsync ",
            "span Server Leasehold.Grains.IObjectShardGrain.PutAsync ",
            "span Internal leasehold.object.write ",
        ];
        await Eventually.True(
            () => expected.All(start => SpanLines(output, traceId).Any(l => l.StartsWith(start, StringComparison.Ordinal))),
            TimeSpan.FromSeconds(10), () => $"the write's four spans under trace {traceId}; printed:{Environment.NewLine}{output}");
        Assert.Contains($"leasehold.fence={lease.Fence} leasehold.fence.highest={lease.Fence} leasehold.write.outcome=accepted", output.ToString(), StringComparison.Ordinal);
    }

    private static IEnumerable<string> SpanLines(StringWriter output, string traceId) =>
        output.ToString().Split(Environment.NewLine).Where(l => l.StartsWith("span ", StringComparison.Ordinal) && l.Contains($"trace={traceId}", StringComparison.Ordinal));
}
