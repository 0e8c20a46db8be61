using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Leasehold.Diagnostics;
using Leasehold.TestingHost;
using Microsoft.Extensions.DependencyInjection;

namespace Leasehold.Telemetry.Tests;

public sealed class MetricsTests
{
    [Fact]
    public async Task Grants_and_fence_rejections_are_counted_by_reason()
    {
        await using var cluster = await new TestClusterBuilder(1).BuildAndStartAsync();
        var silo = cluster.Silos[0];
        var instruments = silo.App.Services.GetRequiredService<LeaseholdInstruments>();
        var sums = new ConcurrentDictionary<string, long>();
        var durations = new ConcurrentQueue<double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // This silo's meter only: another silo in this process has a Meter named Leasehold too.
            if (instrument.Meter == instruments.Meter)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var tag = tags.Length == 0 ? "" : $"{{{tags[0].Key}={tags[0].Value}}}";
            sums.AddOrUpdate(instrument.Name + tag, value, (_, sum) => sum + value);
        });
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) =>
        {
            var tag = tags.Length == 0 ? "" : $"{{{tags[0].Key}={tags[0].Value}}}";
            sums[instrument.Name + tag] = value; // observed: the latest value, not a sum
        });
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            if (instrument.Name == "leasehold.grain.call.duration")
            {
                durations.Enqueue(value);
            }
        });
        listener.Start();

        var (first, untraced) = await Http.AcquireAsync(silo.Http, "metrics", "client-1");

        // No exporter is on here: no pipeline is built, nothing listens to Leasehold's spans, no response names a trace.
        Assert.Null(untraced);
        Assert.False(LeaseholdDiagnostics.ActivitySource.HasListeners(), "with no exporter nothing listens to the Leasehold source");
        Assert.Equal(HttpStatusCode.OK, (await Http.PutAsync(silo.Http, "metrics.txt", first.Token, "one")).Status);
        await Http.ReleaseAsync(silo.Http, first);
        var (second, _) = await Http.AcquireAsync(silo.Http, "metrics", "client-2");
        Assert.Equal(HttpStatusCode.OK, (await Http.PutAsync(silo.Http, "metrics.txt", second.Token, "two")).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await Http.PutAsync(silo.Http, "metrics.txt", first.Token, "late")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await Http.PutAsync(silo.Http, "metrics.txt", first.Token[..^4] + "AAAA", "forged")).Status);

        Assert.Equal(2, sums.GetValueOrDefault("leasehold.lease.grants"));
        Assert.Equal(1, sums.GetValueOrDefault("leasehold.lease.releases"));
        Assert.Equal(2, sums.GetValueOrDefault("leasehold.object.writes{leasehold.write.outcome=accepted}"));
        Assert.Equal(2, sums.GetValueOrDefault("leasehold.object.writes{leasehold.write.outcome=rejected}"));
        Assert.Equal(1, sums.GetValueOrDefault("leasehold.fence.rejections{leasehold.rejection.reason=stale-fence}"));
        Assert.Equal(1, sums.GetValueOrDefault("leasehold.fence.rejections{leasehold.rejection.reason=invalid-token}"));
        Assert.True(durations.Count >= 7, $"one duration per grain call; got {durations.Count}");
        Assert.All(durations, d => Assert.InRange(d, 0, 30));

        listener.RecordObservableInstruments();
        Assert.True(sums.GetValueOrDefault("leasehold.activations") >= 2, "the lease grain and the shard grain are active");
        Assert.Equal(1, sums.GetValueOrDefault("leasehold.silo.status{leasehold.silo.status=Active}"));

        // The dashboard's routes show the same: the lease held, the rejected writes with their reasons and fences.
        var held = await silo.Http.GetFromJsonAsync<JsonElement>("/v1/leases");
        var lease = Assert.Single(held.GetProperty("leases").EnumerateArray());
        Assert.Equal("client-2", lease.GetProperty("holder").GetString());
        Assert.Equal(second.Fence, lease.GetProperty("fence").GetInt64());
        var stats = await silo.Http.GetFromJsonAsync<JsonElement>("/v1/stats");
        Assert.Equal(2, stats.GetProperty("rejections").GetInt64());
        var rejected = stats.GetProperty("rejectedWrites").EnumerateArray().ToList();
        Assert.Equal(["invalid-token", "stale-fence"], rejected.Select(r => r.GetProperty("reason").GetString()));
        Assert.Equal(first.Fence, rejected[1].GetProperty("fence").GetInt64());
        Assert.Equal(second.Fence, rejected[1].GetProperty("highestFence").GetInt64());
    }
}
