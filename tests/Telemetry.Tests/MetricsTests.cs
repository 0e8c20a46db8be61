using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Leasehold.Diagnostics;
using Leasehold.NodeCluster;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Metadata;
using Orleans.Runtime;

namespace Leasehold.Telemetry.Tests;

public sealed class MetricsTests
{
    /// <summary>Orleans' meter, made by each silo's IMeterFactory (<c>Orleans.Runtime.OrleansInstruments</c>).</summary>
    private const string OrleansMeter = "Microsoft.Orleans";

    [Fact]
    public async Task Grants_and_fence_rejections_are_counted_by_reason()
    {
        await using var cluster = await new TestClusterBuilder(1).BuildAndStartAsync();
        var silo = cluster.Silos[0];
        var instruments = silo.App.Services.GetRequiredService<LeaseholdInstruments>();
        var meters = silo.App.Services.GetRequiredService<IMeterFactory>();
        var sums = new ConcurrentDictionary<string, long>();
        var orleans = new ConcurrentDictionary<string, long>();
        var activations = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // This silo's meters only: another silo in this process has meters named Leasehold and Microsoft.Orleans too.
            if (instrument.Meter == instruments.Meter || (instrument.Meter.Name == OrleansMeter && instrument.Meter.Scope == meters))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) =>
        {
            // Orleans' histograms (latencies in ms): counted, one per measurement.
            if (instrument.Meter.Name == OrleansMeter)
            {
                Record(instrument, 1, tags);
            }
            else if (instrument.Name == "leasehold.grain_state.duration")
            {
                // Ours: counted by all the attributes (state, operation, outcome).
                var key = $"{instrument.Name}{{{string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}"))}}}";
                sums.AddOrUpdate(key, 1, (_, sum) => sum + 1);
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

        // Orleans' meter in place of the pre-Orleans runtime's grain-call and activation instruments (histograms counted by
        // their measurements): a latency per grain call made from this silo (acquire, put, release, acquire, three puts),
        // and the two grains activated.
        listener.RecordObservableInstruments();
        var measured = string.Join(", ", orleans.Select(o => $"{o.Key}={o.Value}"));
        // At least: Orleans' dashboard grains call each other on timers of their own, and those are timed too.
        Assert.True(orleans.GetValueOrDefault("orleans-app-requests-latency") >= 7, $"7 grain calls timed; Orleans' meter has: {measured}");
        // The lease's state is read and written by Leasehold's own DurableState (not Orleans' IPersistentState, whose
        // storage latencies these were): one read on activation, a write per compare-and-swap.
        const string GrainState = "leasehold.grain_state.duration{leasehold.grain_state.name=lease,leasehold.grain_state.operation=";
        Assert.Equal(3, sums.GetValueOrDefault(GrainState + "write,leasehold.grain_state.outcome=ok}"));
        Assert.Equal(1, sums.GetValueOrDefault(GrainState + "read,leasehold.grain_state.outcome=ok}"));
        Assert.False(orleans.ContainsKey("orleans-storage-write-latency"), $"no grain state goes through Orleans' storage bridge; Orleans' meter has: {measured}");
        // Orleans' own grains (the dashboard's, on timers) may activate too: of Leasehold's grain classes, the two it called.
        var classes = silo.App.Services.GetRequiredService<GrainClassMap>();
        var ours = activations
            .Where(a => a.Value != 0 && classes.TryGetGrainClass(GrainType.Create(a.Key), out var grainClass) && grainClass.Assembly.GetName().Name == "Leasehold.Grains")
            .Select(a => $"{a.Key}={a.Value}").Order().ToList();
        Assert.True(ours.SequenceEqual(["lease=1", "objectshard=1"]),
            $"one lease grain and one shard grain activated; Orleans' meter counts: {string.Join(", ", activations.Select(a => $"{a.Key}={a.Value}"))}");

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

        void Record(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (instrument.Meter.Name == OrleansMeter)
            {
                if (instrument.Name == "orleans-grains")
                {
                    // Activations by Orleans grain type (the grain_type tag: lease, objectshard, ...).
                    foreach (var pair in tags)
                    {
                        if (pair.Key == "grain_type")
                        {
                            activations.AddOrUpdate($"{pair.Value}", value, (_, sum) => sum + value);
                        }
                    }
                }

                // Orleans' observable instruments report running totals: keep the latest.
                orleans[instrument.Name] = instrument.IsObservable ? value : orleans.GetValueOrDefault(instrument.Name) + value;
                return;
            }

            var tag = tags.Length == 0 ? "" : $"{{{tags[0].Key}={tags[0].Value}}}";
            sums.AddOrUpdate(instrument.Name + tag, value, (_, sum) => instrument.IsObservable ? value : sum + value);
        }
    }
}
