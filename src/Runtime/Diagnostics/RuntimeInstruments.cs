using System.Diagnostics;
using System.Diagnostics.Metrics;
using Leasehold.Runtime.Activation;
using Leasehold.Runtime.Membership;

namespace Leasehold.Runtime.Diagnostics;

/// <summary>
/// The home-made runtime's metrics on the silo's <c>Leasehold</c> Meter: activations, the membership view and grain-call
/// durations. The host's <see cref="IMeterFactory"/> hands the grains' LeaseholdInstruments (src/Grains) the same Meter
/// instance (it keeps one per name), so both sets of instruments read as one meter. Goes with this runtime: on Orleans,
/// Orleans' own meter covers these.
/// </summary>
internal sealed class RuntimeInstruments : IDisposable
{
    private static readonly SiloStatus[] Statuses = Enum.GetValues<SiloStatus>();

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly IMembershipView _membership;
    private readonly Counter<long> _membershipChanges;
    private readonly Histogram<double> _callDuration;

    public RuntimeInstruments(IMeterFactory? meterFactory, IMembershipView membership, ActivationDirectory activations)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(RuntimeDiagnostics.Name) ?? new Meter(RuntimeDiagnostics.Name);
        _membership = membership;
        _membershipChanges = _meter.CreateCounter<long>("leasehold.membership.changes", "{change}", "Newer membership views adopted by this silo.");
        _callDuration = _meter.CreateHistogram(
            "leasehold.grain.call.duration", "s", "Grain calls made from this silo, from the call to its answer.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        _meter.CreateObservableUpDownCounter("leasehold.activations", () => activations.Count, "{activation}", "Grain activations on this silo.");
        _meter.CreateObservableGauge("leasehold.silo.status", ObserveSiloStatus, "{silo}", "Silos in this silo's membership view, by status.");
        _meter.CreateObservableGauge("leasehold.membership.version", () => membership.Current.Version, "{version}", "The membership version this silo knows.");
        membership.Changed += _ => _membershipChanges.Add(1);
    }

    /// <summary>A grain call made from this silo ended after <paramref name="elapsed"/>, with <paramref name="failure"/> if it failed.</summary>
    public void GrainCallEnded(string method, TimeSpan elapsed, Exception? failure)
    {
        if (!_callDuration.Enabled)
        {
            return;
        }

        var tags = new TagList { { RuntimeTelemetryAttributes.GrainMethod, method } };
        if (failure is not null)
        {
            tags.Add(RuntimeTelemetryAttributes.ErrorType, failure.GetType().Name);
        }

        _callDuration.Record(elapsed.TotalSeconds, tags);
    }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    private IEnumerable<Measurement<int>> ObserveSiloStatus()
    {
        var silos = _membership.Current.Silos;
        foreach (var status in Statuses)
        {
            yield return new Measurement<int>(silos.Count(s => s.Status == status), new KeyValuePair<string, object?>(RuntimeTelemetryAttributes.SiloStatus, status.ToString()));
        }
    }
}
