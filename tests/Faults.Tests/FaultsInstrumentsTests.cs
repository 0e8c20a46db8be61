using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;

namespace Leasehold.Faults.Tests;

/// <summary><c>leasehold.faults.injected</c> on the silo's <c>Leasehold</c> meter: one count per fault injected, by kind.</summary>
public sealed class FaultsInstrumentsTests : IDisposable
{
    private static readonly IPEndPoint Remote = new(IPAddress.Loopback, 11_111);

    private readonly TestMeterFactory _meters = new();
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, long> _injected = [];
    private readonly FaultController _faults;

    public FaultsInstrumentsTests()
    {
        _faults = new FaultController(new FaultClock(TimeProvider.System), new FaultsInstruments(_meters), NullLogger<FaultController>.Instance);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            // This test's meter only: other tests' silos have Leasehold meters too.
            if (instrument.Meter.Scope == _meters && instrument.Name == "leasehold.faults.injected")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var tag = Assert.Single(tags.ToArray());
            Assert.Equal(FaultsInstruments.KindAttribute, tag.Key);
            _injected[(string)tag.Value!] = value;
        });
        _listener.Start();
    }

    [Fact]
    public void Every_kind_is_reported_at_zero_before_any_fault()
    {
        Assert.Equal(FaultsInstruments.Kinds.ToDictionary(k => k, _ => 0L), Collect());
    }

    [Fact]
    public void Every_fault_the_controller_injects_is_counted_once_by_its_kind()
    {
        _faults.Pause();
        _faults.Resume();
        _faults.DropMessagesTo(Remote);
        _faults.DelayMessagesTo(Remote, TimeSpan.FromMilliseconds(50));
        _faults.Heal(Remote);
        _faults.Heal();
        _faults.SkewClock(TimeSpan.FromSeconds(-30), driftPpm: 100);
        _faults.AbortConnectionsTo(Remote);
        _faults.AbortAllConnections();
        _faults.Kill();

        Assert.Equal(new Dictionary<string, long>
        {
            ["pause"] = 1, ["resume"] = 1, ["drop"] = 1, ["delay"] = 1, ["heal"] = 2, ["clock"] = 1, ["abort"] = 2, ["kill"] = 1,
        }, Collect());
    }

    [Fact]
    public void A_fault_already_in_force_is_not_counted_again()
    {
        _faults.Pause();
        _faults.Pause();
        _faults.Resume();
        _faults.Resume();
        _faults.Kill();
        _faults.Kill();

        // A killed silo stays frozen: a resume is refused, and not counted.
        _faults.Resume();

        var injected = Collect();
        Assert.Equal((1, 1, 1), (injected["pause"], injected["resume"], injected["kill"]));
        Assert.Equal(3, injected.Values.Sum());
    }

    public void Dispose()
    {
        _listener.Dispose();
        _meters.Dispose();
    }

    /// <summary>The counter's totals by kind, as a collection (an exporter's, or a scrape) reads them now.</summary>
    private Dictionary<string, long> Collect()
    {
        _injected.Clear();
        _listener.RecordObservableInstruments();
        return new Dictionary<string, long>(_injected);
    }
}
