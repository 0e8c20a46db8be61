using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Leasehold.Diagnostics;

/// <summary>
/// Leasehold's lease and fenced-write metrics: one Meter named <c>Leasehold</c> per silo (made by the host's
/// <see cref="IMeterFactory"/>, so two silos in one process keep apart), with OpenTelemetry names and units. It also feeds the silo's
/// <see cref="HeldLeases"/> and <see cref="RejectedWrites"/>, which the dashboard shows. Names, units and attributes:
/// <c>docs/observability.md</c>.
/// </summary>
public sealed class LeaseholdInstruments : IDisposable
{
    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly TimeProvider _time;
    private readonly Counter<long> _grants;
    private readonly Counter<long> _renewals;
    private readonly Counter<long> _releases;
    private readonly Counter<long> _expirations;
    private readonly Counter<long> _writes;
    private readonly Counter<long> _rejections;
    private readonly Histogram<double> _waits;
    private readonly Histogram<double> _grainState;

    /// <summary>
    /// The lease and write instruments, for a silo of any runtime (on Orleans, Orleans' own meter covers membership and
    /// activations); <paramref name="meterFactory"/> null makes a Meter of its own, disposed with this.
    /// </summary>
    public LeaseholdInstruments(IMeterFactory? meterFactory, TimeProvider time)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(LeaseholdDiagnostics.Name) ?? new Meter(LeaseholdDiagnostics.Name);
        _time = time;
        Leases = new HeldLeases(time);

        _grants = _meter.CreateCounter<long>("leasehold.lease.grants", "{lease}", "Leases granted: each one a new holder and a new fence.");
        _renewals = _meter.CreateCounter<long>("leasehold.lease.renewals", "{lease}", "Leases extended by their holder (same fence).");
        _releases = _meter.CreateCounter<long>("leasehold.lease.releases", "{lease}", "Leases given back by their holder.");
        _expirations = _meter.CreateCounter<long>("leasehold.lease.expirations", "{lease}", "Leases that ran out before being renewed or released.");
        _writes = _meter.CreateCounter<long>("leasehold.object.writes", "{write}", "Fenced writes, by outcome (accepted or rejected).");
        _rejections = _meter.CreateCounter<long>("leasehold.fence.rejections", "{write}", "Fenced writes refused, by reason (stale-fence, invalid-token, wrong-resource).");
        _waits = _meter.CreateHistogram("leasehold.lease.wait.duration", "s",
            "How long acquires waited in a lease's line, by outcome (granted; held: the wait ran out; stopping: the silo stopped).",
            tags: null, advice: WaitBuckets);
        _grainState = _meter.CreateHistogram("leasehold.grain_state.duration", "s",
            "Reads and writes of the grains' durable state in grain storage (a write is one compare-and-swap, acknowledged once durable), by state, operation and outcome (ok; conflict: another activation wrote first; error).",
            tags: null, advice: GrainStateBuckets);
        _meter.CreateObservableUpDownCounter("leasehold.leases.held", () => Leases.CountHeld(), "{lease}", "Holders of leases of lease grains on this silo (a shared lease counts each shared holder).");
    }

    /// <summary>The leases held by lease grains on this silo.</summary>
    public HeldLeases Leases { get; }

    /// <summary>The most recent writes refused on this silo.</summary>
    public RejectedWrites RejectedWrites { get; } = new();

    /// <summary>The silo's Meter (for listeners that want only this silo's measurements).</summary>
    public Meter Meter => _meter;

    /// <summary>An exclusive lease granted to a new holder with a new fence: it is the resource's only holder.</summary>
    public void LeaseGranted(string resource, string holder, long fence, TimeSpan ttl, DateTimeOffset expiresAtUtc)
    {
        _grants.Add(1);
        Leases.Held(resource, holder, fence, ttl, expiresAtUtc);
    }

    /// <summary>An exclusive lease extended by its holder.</summary>
    public void LeaseRenewed(string resource, string holder, long fence, TimeSpan ttl, DateTimeOffset expiresAtUtc)
    {
        _renewals.Add(1);
        Leases.Held(resource, holder, fence, ttl, expiresAtUtc);
    }

    /// <summary>A shared hold granted to <paramref name="holder"/> (counted as a grant); the resource's other shared holders stay.</summary>
    public void SharedLeaseGranted(string resource, string holder, long fence, TimeSpan ttl, DateTimeOffset expiresAtUtc)
    {
        _grants.Add(1);
        Leases.HeldShared(resource, holder, fence, ttl, expiresAtUtc);
    }

    /// <summary>A shared hold extended by its holder (counted as a renewal).</summary>
    public void SharedLeaseRenewed(string resource, string holder, long fence, TimeSpan ttl, DateTimeOffset expiresAtUtc)
    {
        _renewals.Add(1);
        Leases.HeldShared(resource, holder, fence, ttl, expiresAtUtc);
    }

    /// <summary>An acquire that waited in the line for <paramref name="waited"/> and then left it with <paramref name="outcome"/>.</summary>
    public void LeaseWaited(TimeSpan waited, string outcome) =>
        _waits.Record(waited.TotalSeconds, new KeyValuePair<string, object?>(WaitOutcomeAttribute, outcome));

    /// <summary>
    /// Bucket bounds of <c>leasehold.lease.wait.duration</c>, in seconds, from a millisecond to past the longest wait allowed
    /// by default (<c>Leases:WaitMax</c>, 20 s): the SDK's default bounds are meant for milliseconds (0, 5, 10, ... 10000),
    /// and would put every wait of under 5 s in one bucket.
    /// </summary>
    private static readonly InstrumentAdvice<double> WaitBuckets = new()
    {
        HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    };

    /// <summary>A read or write of a grain's durable state (<paramref name="stateName"/>: lease, election, semaphore, session) that took <paramref name="elapsed"/>.</summary>
    public void GrainStateTimed(string stateName, string operation, string outcome, TimeSpan elapsed) =>
        _grainState.Record(elapsed.TotalSeconds, new TagList
        {
            { GrainStateNameAttribute, stateName },
            { GrainStateOperationAttribute, operation },
            { GrainStateOutcomeAttribute, outcome },
        });

    /// <summary>Bucket bounds of <c>leasehold.grain_state.duration</c>, in seconds: a group commit is a fraction of a millisecond to a few.</summary>
    private static readonly InstrumentAdvice<double> GrainStateBuckets = new()
    {
        HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    };

    /// <summary>The attribute of <c>leasehold.grain_state.duration</c> that names the state (lease, election, semaphore, session).</summary>
    public const string GrainStateNameAttribute = "leasehold.grain_state.name";

    /// <summary>The attribute of <c>leasehold.grain_state.duration</c> that says whether it was a read or a write (<see cref="GrainStateOperation"/>).</summary>
    public const string GrainStateOperationAttribute = "leasehold.grain_state.operation";

    /// <summary>The attribute of <c>leasehold.grain_state.duration</c> that says how it ended (<see cref="GrainStateOutcome"/>).</summary>
    public const string GrainStateOutcomeAttribute = "leasehold.grain_state.outcome";

    /// <summary>The attribute of <c>leasehold.lease.wait.duration</c> that says how the wait ended.</summary>
    public const string WaitOutcomeAttribute = "leasehold.wait.outcome";

    /// <summary>An exclusive lease released by its holder.</summary>
    public void LeaseReleased(string resource)
    {
        _releases.Add(1);
        Leases.Ended(resource);
    }

    /// <summary>An exclusive lease that ran out.</summary>
    public void LeaseExpired(string resource)
    {
        _expirations.Add(1);
        Leases.Ended(resource);
    }

    /// <summary>A shared hold released by <paramref name="holder"/> (counted as a release); the other shared holders stay.</summary>
    public void SharedLeaseReleased(string resource, string holder)
    {
        _releases.Add(1);
        Leases.EndedShared(resource, holder);
    }

    /// <summary>A shared hold of <paramref name="holder"/> that ran out (counted as an expiry); the other shared holders stay.</summary>
    public void SharedLeaseExpired(string resource, string holder)
    {
        _expirations.Add(1);
        Leases.EndedShared(resource, holder);
    }

    /// <summary>A lease grain read an exclusive lease from storage (activation, or after another activation wrote first); not counted.</summary>
    public void LeaseRecovered(string resource, string holder, long fence, TimeSpan remaining, DateTimeOffset expiresAtUtc) =>
        Leases.Held(resource, holder, fence, remaining, expiresAtUtc);

    /// <summary>A lease grain read a shared hold from storage; not counted. Recovery forgets the resource first, then adds each hold.</summary>
    public void SharedLeaseRecovered(string resource, string holder, long fence, TimeSpan remaining, DateTimeOffset expiresAtUtc) =>
        Leases.HeldShared(resource, holder, fence, remaining, expiresAtUtc);

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

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}

/// <summary>The values of <see cref="LeaseholdInstruments.GrainStateOperationAttribute"/>.</summary>
public static class GrainStateOperation
{
    public const string Read = "read";
    public const string Write = "write";
}

/// <summary>The values of <see cref="LeaseholdInstruments.GrainStateOutcomeAttribute"/>.</summary>
public static class GrainStateOutcome
{
    public const string Ok = "ok";

    /// <summary>The compare-and-swap was refused: another activation wrote first.</summary>
    public const string Conflict = "conflict";

    public const string Error = "error";
}
