using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Leasehold.Diagnostics;
using Leasehold.NodeCluster;
using Leasehold.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Leasehold.Telemetry.Tests;

/// <summary><c>leasehold.membership.changes</c> and <c>leasehold.silos</c>: each silo's count of what its membership view saw.</summary>
public sealed class MembershipMetricsTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_killed_silo_is_counted_dead_on_every_survivor_and_a_joining_silo_counts_only_itself()
    {
        await using var cluster = await new TestClusterBuilder(3).BuildAndStartAsync();
        var (survivor, other, victim) = (cluster.Silos[0], cluster.Silos[1], cluster.Silos[2]);

        // Every silo's Leasehold meter, told apart by the IMeterFactory that made it (silos share this process); a silo
        // started later is caught as its instruments are published.
        var changes = new ConcurrentDictionary<(object? Silo, string Status), long>();
        var silos = new ConcurrentDictionary<(object? Silo, string Status), long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == LeaseholdDiagnostics.Name && instrument.Name is "leasehold.membership.changes" or "leasehold.silos")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        // Both are observed: each collection reports the totals (changes) and the counts (silos) of every status.
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => changes[(instrument.Meter.Scope, StatusOf(tags))] = value);
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => silos[(instrument.Meter.Scope, StatusOf(tags))] = value);
        listener.Start();

        // The counter is a running total since each silo started (its own start, and the others' it saw): measure from here.
        var before = Totals();

        await cluster.KillSiloAsync(victim);

        foreach (var silo in new[] { survivor, other })
        {
            var scope = MetersOf(silo);
            await Eventually.True(() => Changes(scope, "dead") == 1, Bound,
                () => $"{silo} counts the killed silo's death once; counted since it started: {Describe(changes, scope)}");
            await Eventually.True(() =>
            {
                listener.RecordObservableInstruments();
                return silos.GetValueOrDefault((scope, "dead")) == 1 && silos.GetValueOrDefault((scope, "active")) == 2;
            }, Bound, () => $"{silo} holds 2 active silos and 1 dead in its view; observed: {Describe(silos, scope)}");
        }

        // A new silo: the survivors count it joining and then active; the new silo counts its own entry, not the silos it
        // found already there (two active, one dead).
        var joined = await cluster.StartAdditionalSiloAsync();
        await cluster.WaitForLivenessToStabilizeAsync();
        var survivorScope = MetersOf(survivor);
        await Eventually.True(() => Changes(survivorScope, "active") == 1, Bound,
            () => $"{survivor} counts the new silo active once; counted since it started: {Describe(changes, survivorScope)}");
        var joinedScope = MetersOf(joined);
        await Eventually.True(() => Changes(joinedScope, "active") == 1, Bound,
            () => $"{joined} counts itself active once, and not the silos it found; counted: {Describe(changes, joinedScope)}");
        Assert.Equal(0, Changes(joinedScope, "dead"));
        Assert.Equal(1, Changes(survivorScope, "dead"));

        // Changes counted since the start of the test (a silo started since then counts from zero).
        long Changes(object scope, string status) => Totals().GetValueOrDefault((scope, status)) - before.GetValueOrDefault((scope, status));

        Dictionary<(object? Silo, string Status), long> Totals()
        {
            listener.RecordObservableInstruments();
            return new(changes);
        }
    }

    private static IMeterFactory MetersOf(TestSilo silo) => silo.App.Services.GetRequiredService<IMeterFactory>();

    private static string StatusOf(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == MembershipInstruments.StatusAttribute)
            {
                return (string)tag.Value!;
            }
        }

        throw new InvalidOperationException($"A measurement without {MembershipInstruments.StatusAttribute}.");
    }

    private static string Describe(ConcurrentDictionary<(object? Silo, string Status), long> values, object scope) =>
        string.Join(", ", values.Where(v => v.Key.Silo == scope).Select(v => $"{v.Key.Status}={v.Value}"));
}
