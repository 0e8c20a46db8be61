using Orleans;

namespace Leasehold.Api.Tests.Apis;

/// <summary>
/// Orleans' trace-context filters are on a node's grain calls only when it exports traces: without a listener they start
/// no span, and an outgoing filter would take every call off Orleans' direct send path (docs/performance.md).
/// </summary>
public sealed class GrainCallFilterTests
{
    [Fact]
    public async Task A_node_that_exports_no_traces_sends_its_grain_calls_without_an_outgoing_filter()
    {
        await using var server = await ApiServer.StartAsync();

        Assert.Empty(server.App.Services.GetServices<IOutgoingGrainCallFilter>());
        Assert.DoesNotContain(server.App.Services.GetServices<IIncomingGrainCallFilter>(), IsActivityPropagation);
        // The calls still work: a lease is granted and read back.
        var lease = await server.AcquireOkAsync($"res-{Guid.NewGuid():N}", "worker-1");
        Assert.Equal(1, lease.Fence);
    }

    [Fact]
    public async Task A_node_that_exports_traces_carries_their_context_through_its_grain_calls()
    {
        // An OTLP endpoint nobody serves: the export fails in the background, which this test does not look at.
        await using var server = await ApiServer.StartAsync(settings: "--OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=http://127.0.0.1:9/v1/traces");

        Assert.Contains(server.App.Services.GetServices<IOutgoingGrainCallFilter>(), IsActivityPropagation);
        Assert.Contains(server.App.Services.GetServices<IIncomingGrainCallFilter>(), IsActivityPropagation);
        var lease = await server.AcquireOkAsync($"res-{Guid.NewGuid():N}", "worker-1");
        Assert.Equal(1, lease.Fence);
    }

    private static bool IsActivityPropagation(object filter) =>
        filter.GetType().Name.StartsWith("ActivityPropagation", StringComparison.Ordinal);
}
