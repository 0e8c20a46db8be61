using Leasehold.Grains;
using Orleans.Runtime;

namespace Leasehold.Api.Cluster;

/// <summary>What <see cref="ClusterLeases.ListAsync"/> found: the leases it shows, soonest first, and every silo it asked.</summary>
/// <param name="Soonest">The leases that expire soonest across the silos that answered, each with its silo.</param>
/// <param name="Silos">Every silo asked, with its report or why there is none.</param>
internal sealed record ClusterLeaseList(IReadOnlyList<(SiloAddress Silo, ReportedLease Lease)> Soonest, IReadOnlyList<SiloAnswer> Silos);
