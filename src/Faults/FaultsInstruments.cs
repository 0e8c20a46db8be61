using System.Diagnostics.Metrics;

namespace Leasehold.Faults;

/// <summary>The <c>Leasehold</c> meter's fault instruments: what was injected, and how often a transport held bytes.</summary>
internal sealed class FaultsInstruments
{
    public const string MeterName = "Leasehold";

    /// <summary>The attribute of <c>leasehold.faults.injected</c> that names the fault: one of <see cref="Kinds"/>.</summary>
    public const string KindAttribute = "leasehold.fault.kind";

    private static readonly string[] KindNames = ["pause", "resume", "drop", "delay", "heal", "clock", "abort", "kill"];

    /// <summary>Every kind <see cref="FaultController"/> counts.</summary>
    public static IReadOnlyList<string> Kinds => KindNames;

    private readonly long[] _injected = new long[KindNames.Length];
    private readonly Counter<long> _held;

    public FaultsInstruments(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);

        // Observed rather than added to: every kind is reported at every collection, zero included, so the first fault of
        // a kind is an increase to a scraper (Prometheus' increase() misses the first sample of a series that appears late).
        meter.CreateObservableCounter("leasehold.faults.injected", ObserveInjected, "{fault}",
            "Faults injected into this silo, by kind (pause, resume, drop, delay, heal, clock, abort, kill)");
        _held = meter.CreateCounter<long>("leasehold.faults.flushes_held", "{flush}", "Flushes a network rule held back on their way to another silo");
    }

    public void Injected(string kind)
    {
        var index = Array.IndexOf(KindNames, kind);
        ArgumentOutOfRangeException.ThrowIfNegative(index, nameof(kind));
        Interlocked.Increment(ref _injected[index]);
    }

    public void FlushHeld() => _held.Add(1);

    private IEnumerable<Measurement<long>> ObserveInjected()
    {
        for (var i = 0; i < KindNames.Length; i++)
        {
            yield return new Measurement<long>(Interlocked.Read(ref _injected[i]), new KeyValuePair<string, object?>(KindAttribute, KindNames[i]));
        }
    }
}
