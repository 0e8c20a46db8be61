using System.Diagnostics;
using System.Diagnostics.Metrics;
using Leasehold.Runtime.Activation;
using Leasehold.Runtime.Membership;

namespace Leasehold.Runtime.Diagnostics;

/// <summary>
/// Leasehold's metrics: one Meter named <c>Leasehold</c> per silo (made by the host's <see cref="IMeterFactory"/>, so two
/// silos in one process keep apart), with OpenTelemetry names and units. It also feeds the silo's
/// <see cref="HeldLeases"/> and <see cref="RejectedWrites"/>, which the dashboard shows. Names, units and attributes:
/// <c>docs/observability.md</c>.
/// </summary>
public sealed class LeaseholdInstruments : IDisposable
{
    private static readonly SiloStatus[] Statuses = Enum.GetValues<SiloStatus>();

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly TimeProvider _time;
    private readonly IMembershipView? _membership;
    private readonly Counter<long> _grants;
    private readonly Counter<long> _renewals;
    private readonly Counter<long> _releases;
    private readonly Counter<long> _expirations;
    private readonly Counter<long> _writes;
    private readonly Counter<long> _rejections;
    private readonly Counter<long> _membershipChanges;
    private readonly Histogram<double> _callDuration;

    /// <summary>
    /// The lease and write instruments, for a silo of any runtime (an Orleans silo: Orleans' own meter covers membership
    /// and activations there).
    /// </summary>
    public LeaseholdInstruments(IMeterFactory? meterFactory, TimeProvider time)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(RuntimeDiagnostics.Name) ?? new Meter(RuntimeDiagnostics.Name);
        _time = time;
        Leases = new HeldLeases(time);

        _grants = _meter.CreateCounter<long>("leasehold.lease.grants", "{lease}", "Leases granted: each one a new holder and a new fence.");
        _renewals = _meter.CreateCounter<long>("leasehold.lease.renewals", "{lease}", "Leases extended by their holder (same fence).");
        _releases = _meter.CreateCounter<long>("leasehold.lease.releases", "{lease}", "Leases given back by their holder.");
        _expirations = _meter.CreateCounter<long>("leasehold.lease.expirations", "{lease}", "Leases that ran out before being renewed or released.");
        _writes = _meter.CreateCounter<long>("leasehold.object.writes", "{write}", "Fenced writes, by outcome (accepted or rejected).");
        _rejections = _meter.CreateCounter<long>("leasehold.fence.rejections", "{write}", "Fenced writes refused, by reason (stale-fence, invalid-token, wrong-resource).");
        _membershipChanges = _meter.CreateCounter<long>("leasehold.membership.changes", "{change}", "Newer membership views adopted by this silo.");
        _callDuration = _meter.CreateHistogram(
            "leasehold.grain.call.duration", "s", "Grain calls made from this silo, from the call to its answer.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        _meter.CreateObservableUpDownCounter("leasehold.leases.held", () => Leases.CountHeld(), "{lease}", "Leases held by lease grains on this silo.");
    }

    /// <summary>With the home-made runtime's membership and activation gauges as well.</summary>
    internal LeaseholdInstruments(IMeterFactory? meterFactory, TimeProvider time, IMembershipView membership, ActivationDirectory activations)
        : this(meterFactory, time)
    {
        _membership = membership;
        _meter.CreateObservableUpDownCounter("leasehold.activations", () => activations.Count, "{activation}", "Grain activations on this silo.");
        _meter.CreateObservableGauge("leasehold.silo.status", ObserveSiloStatus, "{silo}", "Silos in this silo's membership view, by status.");
        _meter.CreateObservableGauge("leasehold.membership.version", () => membership.Current.Version, "{version}", "The membership version this silo knows.");
        membership.Changed += _ => _membershipChanges.Add(1);
    }

    /// <summary>The leases held by lease grains on this silo.</summary>
    public HeldLeases Leases { get; }

    /// <summary>The most recent writes refused on this silo.</summary>
    public RejectedWrites RejectedWrites { get; } = new();

    /// <summary>The silo's Meter (for listeners that want only this silo's measurements).</summary>
    public Meter Meter => _meter;

    /// <summary>A lease granted to a new holder with a new fence.</summary>
    public void LeaseGranted(string resource, string holder, long fence, TimeSpan ttl, DateTimeOffset expiresAtUtc)
    {
        _grants.Add(1);
        Leases.Held(resource, holder, fence, ttl, expiresAtUtc);
    }

    /// <summary>A lease extended by its holder.</summary>
    public void LeaseRenewed(string resource, string holder, long fence, TimeSpan ttl, DateTimeOffset expiresAtUtc)
    {
        _renewals.Add(1);
        Leases.Held(resource, holder, fence, ttl, expiresAtUtc);
    }

    /// <summary>A lease released by its holder.</summary>
    public void LeaseReleased(string resource)
    {
        _releases.Add(1);
        Leases.Ended(resource);
    }

    /// <summary>A lease that ran out.</summary>
    public void LeaseExpired(string resource)
    {
        _expirations.Add(1);
        Leases.Ended(resource);
    }

    /// <summary>A lease grain read a lease from storage (activation, or after another activation wrote first); not counted.</summary>
    public void LeaseRecovered(string resource, string holder, long fence, TimeSpan remaining, DateTimeOffset expiresAtUtc) =>
        Leases.Held(resource, holder, fence, remaining, expiresAtUtc);

    /// <summary>The lease grain of <paramref name="resource"/> holds no lease, or left this silo: nothing is known here about it.</summary>
    public void LeaseForgotten(string resource) => Leases.Ended(resource);

    /// <summary>A fenced write accepted.</summary>
    public void WriteAccepted() => _writes.Add(1, new KeyValuePair<string, object?>(TelemetryAttributes.WriteOutcome, "accepted"));

    /// <summary>A fenced write refused, with its reason (stale-fence, invalid-token, wrong-resource).</summary>
    public void WriteRejected(string key, string? resource, long? fence, long? highestFence, string reason, string detail)
    {
        _writes.Add(1, new KeyValuePair<string, object?>(TelemetryAttributes.WriteOutcome, "rejected"));
        _rejections.Add(1, new KeyValuePair<string, object?>(TelemetryAttributes.RejectionReason, reason));
        RejectedWrites.Add(new RejectedWrite(_time.GetUtcNow(), key, resource, fence, highestFence, reason, detail, Activity.Current?.TraceId.ToHexString()));
    }

    /// <summary>A grain call made from this silo ended after <paramref name="elapsed"/>, with <paramref name="failure"/> if it failed.</summary>
    internal void GrainCallEnded(string method, TimeSpan elapsed, Exception? failure)
    {
        if (!_callDuration.Enabled)
        {
            return;
        }

        var tags = new TagList { { TelemetryAttributes.GrainMethod, method } };
        if (failure is not null)
        {
            tags.Add(TelemetryAttributes.ErrorType, failure.GetType().Name);
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
        var silos = _membership!.Current.Silos;
        foreach (var status in Statuses)
        {
            yield return new Measurement<int>(silos.Count(s => s.Status == status), new KeyValuePair<string, object?>(TelemetryAttributes.SiloStatus, status.ToString()));
        }
    }
}
