using Orleans;

namespace Leasehold.Grains;

/// <summary>One silo's answer to <see cref="ISiloReportGrain.GetAsync"/>.</summary>
/// <param name="TotalLeases">How many holders hold leases of the lease grains on this silo now (by its monotonic clock; a shared lease counts each holder).</param>
/// <param name="Leases">The ones that expire soonest, soonest first (at most the limit asked for).</param>
/// <param name="Faults">The faults in force on this silo; null if it has no fault injection.</param>
[GenerateSerializer]
[Immutable]
[Alias("leasehold.SiloReport")]
public sealed record SiloReport([property: Id(0)] int TotalLeases, [property: Id(1)] IReadOnlyList<ReportedLease> Leases, [property: Id(2)] SiloFaults? Faults);
