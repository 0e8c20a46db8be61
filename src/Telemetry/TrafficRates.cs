using System.Diagnostics.Metrics;
using Leasehold.Diagnostics;

namespace Leasehold.Telemetry;

/// <summary>
/// This silo's request, lease-grant and rejected-write rates for the dashboard, read off the metrics themselves: a
/// <see cref="MeterListener"/> on ASP.NET Core's <c>http.server.request.duration</c> (one measurement per request) and on
/// Leasehold's <c>leasehold.lease.grants</c> and <c>leasehold.fence.rejections</c>. It listens only to this host's meters
/// (their scope is this host's <see cref="IMeterFactory"/>), so silos sharing a process keep their own figures.
/// </summary>
public sealed class TrafficRates : IDisposable
{
    /// <summary>Seconds the rates are averaged over.</summary>
    public const int WindowSeconds = 10;

    private readonly MeterListener _listener = new();
    private readonly RateWindow _requests;
    private readonly RateWindow _grants;
    private readonly RateWindow _rejections;

    public TrafficRates(TimeProvider time, LeaseholdInstruments instruments, IMeterFactory? meterFactory = null)
    {
        _requests = new RateWindow(time);
        _grants = new RateWindow(time);
        _rejections = new RateWindow(time);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            var window = WindowFor(instrument, instruments.Meter, meterFactory);
            if (window is not null)
            {
                listener.EnableMeasurementEvents(instrument, window);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, _, _, state) => ((RateWindow)state!).Add(1));
        _listener.SetMeasurementEventCallback<long>((_, value, _, state) => ((RateWindow)state!).Add(value));
        _listener.Start();
    }

    /// <summary>The rates now.</summary>
    public TrafficSnapshot Snapshot() => new(
        _requests.PerSecond(WindowSeconds), _grants.PerSecond(WindowSeconds), _rejections.PerSecond(WindowSeconds),
        _requests.Total, _grants.Total, _rejections.Total, WindowSeconds);

    public void Dispose() => _listener.Dispose();

    private RateWindow? WindowFor(Instrument instrument, Meter leasehold, IMeterFactory? meterFactory)
    {
        if (instrument.Meter == leasehold)
        {
            return instrument.Name switch
            {
                "leasehold.lease.grants" => _grants,
                "leasehold.fence.rejections" => _rejections,
                _ => null,
            };
        }

        var ours = meterFactory is null || ReferenceEquals(instrument.Meter.Scope, meterFactory);
        return ours && instrument is { Name: "http.server.request.duration", Meter.Name: "Microsoft.AspNetCore.Hosting" } ? _requests : null;
    }
}
