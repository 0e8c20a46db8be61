using System.Diagnostics;
using System.Net;
using Leasehold.Diagnostics;
using Leasehold.Grains;
using Leasehold.Storage;
using Leasehold.Telemetry.Tests.Otlp;
using Leasehold.Testing;
using Leasehold.NodeCluster;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Leasehold.Telemetry.Tests;

/// <summary>One fenced write's trace, read off the SDK's in-memory exporter added beside the configured one.</summary>
public sealed class TraceTests
{
    /// <summary>Orleans' name for its grain-call spans of application grains (<c>Orleans.Diagnostics.ActivitySources</c>).</summary>
    private const string OrleansApplication = "Microsoft.Orleans.Application";

    /// <summary>The name Orleans gives a call to <see cref="IObjectShardGrain.PutAsync"/>: interface without namespace, slash, method.</summary>
    private const string PutSpan = "IObjectShardGrain/PutAsync";

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task One_trace_goes_from_the_http_request_through_the_grain_calls_on_both_silos_to_the_database(StorageProvider provider)
    {
        var spans = new SpanCollection();
        await using var receiver = await OtlpReceiver.StartAsync();
        var builder = Traced(new TestClusterBuilder(2), receiver, spans);
        await using var cluster = await (provider == StorageProvider.Postgres ? builder.UsePostgres(PostgresServer.RequiredConnectionString) : builder).BuildAndStartAsync();
        var (entry, owner) = (cluster.Silos[0], cluster.Silos[1]);
        var key = await Placement.ObjectKeyOnAsync(cluster, owner, "trace");

        var (lease, _) = await Http.AcquireAsync(entry.Http, "trace-story", "client-1");
        var (status, traceId) = await Http.PutAsync(entry.Http, key, lease.Token, "hello");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(traceId);
        List<Activity> trace = [];
        await Eventually.True(() =>
        {
            trace = [.. spans.Snapshot().Where(s => s.TraceId.ToHexString() == traceId)];
            return trace.Any(s => s.OperationName == "Microsoft.AspNetCore.Hosting.HttpRequestIn") && trace.Any(s => s.DisplayName == SpanNames.FencedWrite)
                && trace.Any(s => s.DisplayName == StorageDiagnostics.CommitSpan) && (provider != StorageProvider.Postgres || trace.Any(s => s.Source.Name == "Npgsql"));
        }, TimeSpan.FromSeconds(10), () => $"the write's spans; trace {traceId} has: {string.Join("; ", trace.Select(s => $"{s.Source.Name} {s.DisplayName}"))}");

        var request = Assert.Single(trace, s => s.Source.Name == "Microsoft.AspNetCore");
        Assert.Equal(ActivityKind.Server, request.Kind);
        Assert.Equal("PUT", request.GetTagItem("http.request.method"));
        Assert.Equal(200, request.GetTagItem("http.response.status_code"));
        Assert.StartsWith("PUT /v1/objects/{key}", request.DisplayName, StringComparison.Ordinal);

        // Orleans' grain-call spans (AddActivityPropagation): named Interface/Method, with the RPC semantic conventions.
        var client = Assert.Single(trace, s => s is { Kind: ActivityKind.Client, DisplayName: PutSpan });
        Assert.Equal(OrleansApplication, client.Source.Name);
        Assert.Equal(request.SpanId, client.ParentSpanId);
        Assert.True("orleans".Equals(client.GetTagItem("rpc.system.name")), $"rpc.system.name=orleans; the span has {string.Join(", ", client.TagObjects.Select(t => $"{t.Key}={t.Value}"))}");
        Assert.Equal("Leasehold.Grains.IObjectShardGrain/PutAsync", client.GetTagItem("rpc.method"));
        Assert.Equal(entry.Address.ToString(), client.GetTagItem(SiloSpanTag.Silo));

        var server = Assert.Single(trace, s => s is { Kind: ActivityKind.Server, DisplayName: PutSpan });
        Assert.Equal(OrleansApplication, server.Source.Name);
        Assert.Equal(client.SpanId, server.ParentSpanId);
        Assert.True(owner.Address.ToString().Equals(server.GetTagItem(SiloSpanTag.Silo)), $"the server span on {owner.Address}; it has {string.Join(", ", server.TagObjects.Select(t => $"{t.Key}={t.Value}"))}");

        var write = Assert.Single(trace, s => s.DisplayName == SpanNames.FencedWrite);
        Assert.Equal(server.SpanId, write.ParentSpanId);
        Assert.Equal(key, write.GetTagItem(TelemetryAttributes.ObjectKey));
        Assert.Equal(lease.Fence, write.GetTagItem(TelemetryAttributes.Fence));
        Assert.Equal("accepted", write.GetTagItem(TelemetryAttributes.WriteOutcome));

        // The group commit runs on the store's writer loop: its span joins the write's trace as the write's child.
        var commit = Assert.Single(trace, s => s.DisplayName == StorageDiagnostics.CommitSpan);
        Assert.Equal(write.SpanId, commit.ParentSpanId);
        Assert.Equal(StorageDiagnostics.Name, commit.Source.Name);
        if (provider == StorageProvider.Postgres)
        {
            // Npgsql's span of the statement batch that carried the write.
            var statement = Assert.Single(trace, s => s.Source.Name == "Npgsql");
            Assert.Equal(commit.SpanId, statement.ParentSpanId);
            Assert.Equal(ActivityKind.Client, statement.Kind);
            Assert.Equal("postgresql", statement.GetTagItem("db.system.name") ?? statement.GetTagItem("db.system"));
        }
    }

    [Fact]
    public async Task Health_probes_and_the_dashboards_page_make_no_request_spans()
    {
        var spans = new SpanCollection();
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var cluster = await Traced(new TestClusterBuilder(1), receiver, spans).BuildAndStartAsync();
        var http = cluster.Silos[0].Http;

        using var live = await http.GetAsync("/health/live");
        using var page = await http.GetAsync("/");
        var (_, traced) = await Http.AcquireAsync(http, "filtered", "client-1");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Null(Http.TraceIdOf(live));
        Assert.Null(Http.TraceIdOf(page));
        Assert.NotNull(traced);
        await Eventually.True(() => spans.Snapshot().Any(s => s.TraceId.ToHexString() == traced && s.Source.Name == "Microsoft.AspNetCore"),
            TimeSpan.FromSeconds(10), "the acquire's request span");
        Assert.DoesNotContain(spans.Snapshot(), s => s.Source.Name == "Microsoft.AspNetCore" && (s.GetTagItem("url.path") as string) is "/" or "/health/live");
    }

    /// <summary>Traces on (OTLP to the receiver, as a user would), every silo's spans also in <paramref name="spans"/>, grain-call spans tagged with their silo.</summary>
    private static TestClusterBuilder Traced(TestClusterBuilder builder, OtlpReceiver receiver, SpanCollection spans) => builder
        .WithSetting("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", receiver.Endpoint + "/v1/traces")
        .WithSetting("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
        .ConfigureSilo(b => b.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans)))
        .ConfigureSilo(SiloSpanTag.AddTo);
}
