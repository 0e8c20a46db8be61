using Orleans.Placement;

namespace Leasehold.Grains.Cluster;

/// <summary>Marks a grain class as placed by <see cref="SiloPlacement"/>: on the silo its key names.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class SiloPlacementAttribute() : PlacementAttribute(new SiloPlacement());
