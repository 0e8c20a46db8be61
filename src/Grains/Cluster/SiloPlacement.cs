using Orleans;
using Orleans.Runtime;

namespace Leasehold.Grains.Cluster;

/// <summary>
/// Places a grain on the silo its key names (<c>SiloAddress.ToParsableString()</c>), and nowhere else: a grain that must
/// answer for one silo (<see cref="ISiloReportGrain"/>) runs on that silo. A key naming a silo that is not Active fails the
/// call (<see cref="SiloPlacementDirector"/>) rather than placing the grain elsewhere.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("leasehold.SiloPlacement")]
public sealed class SiloPlacement : PlacementStrategy;
