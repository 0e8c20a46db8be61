using System.Diagnostics.Metrics;

namespace Leasehold.Faults;

/// <summary>The <c>Leasehold</c> meter's fault instruments: what was injected, and how often a transport held bytes.</summary>
internal sealed class FaultsInstruments
{
    public const string MeterName = "Leasehold";

    /// <summary>The attribute of <c>leasehold.faults.injected</c> that names the fault: pause, resume, drop, delay, heal, clock, abort, kill.</summary>
    public const string KindAttribute = "leasehold.fault.kind";

    private readonly Counter<long> _injected;
    private readonly Counter<long> _held;

    public FaultsInstruments(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _injected = meter.CreateCounter<long>("leasehold.faults.injected", "{fault}", "Faults injected into this silo, by kind (pause, resume, drop, delay, heal, clock, abort, kill)");
        _held = meter.CreateCounter<long>("leasehold.faults.flushes_held", "{flush}", "Flushes a network rule held back on their way to another silo");
    }

    public void Injected(string kind) => _injected.Add(1, new KeyValuePair<string, object?>(KindAttribute, kind));

    public void FlushHeld() => _held.Add(1);
}
