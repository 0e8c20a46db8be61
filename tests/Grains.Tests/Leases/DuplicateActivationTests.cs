using System.Diagnostics.Metrics;
using System.Text;
using Leasehold.Diagnostics;
using Leasehold.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Leasehold.Grains.Tests.Leases;

/// <summary>
/// Two silos that disagree about membership may both activate one lease grain. Each then has its own
/// view of the lease in memory; only the compare-and-swap on the stored ETag keeps them from handing
/// out one fence twice (the loser re-reads and decides again on what is durable).
/// </summary>
public sealed class DuplicateActivationTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PastExpiry = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Two_activations_on_one_database_never_grant_the_same_fence()
    {
        using var database = new TempDatabase();
        var (time1, time2) = (new FakeTimeProvider(), new FakeTimeProvider());

        // Different cluster ids: each silo's membership view holds only itself (a split view), so
        // each places the grain on itself, while both share the grain's stored state.
        await using var silo1 = await TestSilo.StartAsync(database, time1, new Dictionary<string, string?> { ["Cluster:ClusterId"] = "view-a" });
        await using var silo2 = await TestSilo.StartAsync(database, time2, new Dictionary<string, string?> { ["Cluster:ClusterId"] = "view-b" });
        var activations = new[] { silo1.Lease("orders"), silo2.Lease("orders") };
        var grants = new List<(int Silo, long Fence)>();
        using var conflicts = new GrainStateConflicts(silo1, silo2);

        // Taking turns: each activation's memory is stale by the other's last grant.
        for (var round = 0; round < 10; round++)
        {
            var silo = round % 2;
            var lease = await activations[silo].AcquireGrantedAsync($"holder-{round}", Ttl);
            grants.Add((silo, lease.Fence));
            AdvanceBoth(time1, time2);
        }

        // Racing: both activations try to grant in the same moment.
        for (var round = 10; round < 30; round++)
        {
            var results = await Task.WhenAll(
                Task.Run(() => activations[0].AcquireAsync(new AcquireLease($"holder-{round}-a", Ttl, TimeSpan.Zero))),
                Task.Run(() => activations[1].AcquireAsync(new AcquireLease($"holder-{round}-b", Ttl, TimeSpan.Zero))));
            var granted = results.Select((result, silo) => (Silo: silo, Result: result)).Where(r => r.Result is LeaseResult.Granted).ToArray();
            Assert.Single(granted);
            grants.Add((granted[0].Silo, ((LeaseResult.Granted)granted[0].Result).Lease.Fence));
            AdvanceBoth(time1, time2);
        }

        var fences = grants.Select(g => g.Fence).ToArray();
        Assert.Equal(fences.Length, fences.Distinct().Count());
        Assert.Equal(Enumerable.Range(1, 30).Select(f => (long)f), fences);
        Assert.Contains(grants, g => g.Silo == 0);
        Assert.Contains(grants, g => g.Silo == 1);
        // Each turn of the first ten found the other's grant in storage: its compare-and-swap was refused, and timed so.
        Assert.True(conflicts.Count >= 9, $"{conflicts.Count} lease writes refused as conflicts");
    }

    /// <summary>Counts the lease writes that both silos time as conflicts (another activation wrote first).</summary>
    private sealed class GrainStateConflicts : IDisposable
    {
        private readonly MeterListener _listener = new();
        private int _count;

        public GrainStateConflicts(params TestSilo[] silos)
        {
            var meters = silos.Select(silo => silo.Services.GetRequiredService<LeaseholdInstruments>().Meter).ToHashSet();
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (meters.Contains(instrument.Meter) && instrument.Name == "leasehold.grain_state.duration")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == LeaseholdInstruments.GrainStateOutcomeAttribute && Equals(tag.Value, GrainStateOutcome.Conflict))
                    {
                        Interlocked.Increment(ref _count);
                    }
                }
            });
            _listener.Start();
        }

        public int Count => Volatile.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }

    [Fact]
    public async Task Two_activations_of_one_object_shard_never_accept_a_write_older_than_one_already_accepted()
    {
        using var database = new TempDatabase();
        var (time1, time2) = (new FakeTimeProvider(), new FakeTimeProvider());
        await using var silo1 = await TestSilo.StartAsync(database, time1, new Dictionary<string, string?> { ["Cluster:ClusterId"] = "view-a" });
        await using var silo2 = await TestSilo.StartAsync(database, time2, new Dictionary<string, string?> { ["Cluster:ClusterId"] = "view-b" });
        var shards = new[] { silo1.ShardFor("orders/state"), silo2.ShardFor("orders/state") };

        // Twelve successive holders of one lease; their tokens go to the two shard activations in an
        // order that makes each activation's memory stale, with older tokens arriving late.
        var tokens = new List<(long Fence, string Token)>();
        for (var holder = 0; holder < 12; holder++)
        {
            var lease = await silo1.Lease("orders").AcquireGrantedAsync($"holder-{holder}", Ttl);
            tokens.Add((lease.Fence, lease.Token));
            AdvanceBoth(time1, time2);
        }

        var order = new[] { 2, 0, 5, 1, 4, 3, 8, 6, 11, 7, 10, 9 };
        var highestAccepted = 0L;
        var outcomes = new List<(long Fence, bool Accepted)>();
        for (var i = 0; i < order.Length; i++)
        {
            var (fence, token) = tokens[order[i]];
            var result = await shards[i % 2].PutAsync(new PutObject("orders/state", Encoding.UTF8.GetBytes($"fence {fence}"), "text/plain", token));
            var accepted = result is WriteResult.Accepted;
            outcomes.Add((fence, accepted));
            Assert.Equal(fence >= highestAccepted, accepted);
            if (accepted)
            {
                highestAccepted = fence;
            }
            else
            {
                Assert.Equal(new WriteResult.StaleFence(fence, highestAccepted), result);
            }
        }

        Assert.Contains(outcomes, o => !o.Accepted);
        foreach (var shard in shards)
        {
            var stored = await shard.GetAsync("orders/state");
            Assert.Equal((highestAccepted, $"fence {highestAccepted}"), (stored!.Fence, Encoding.UTF8.GetString(stored.Value)));
        }
    }

    private static void AdvanceBoth(FakeTimeProvider time1, FakeTimeProvider time2)
    {
        time1.Advance(PastExpiry);
        time2.Advance(PastExpiry);
    }
}
