namespace Leasehold.Api.Contracts;

/// <summary>The cluster as the answering silo sees it.</summary>
/// <param name="MembershipVersion">The version of this silo's membership view; grows with every change.</param>
/// <param name="LocalSilo">The address of the silo that answered.</param>
/// <param name="Silos">Every silo in the membership table, but Dead ones older than <c>Cluster:DeadSiloDisplayAge</c>.</param>
/// <param name="HiddenDeadSilos">How many Dead silos were left out of <paramref name="Silos"/> for their age.</param>
public sealed record ClusterResponse(long MembershipVersion, string LocalSilo, IReadOnlyList<SiloResponse> Silos, int HiddenDeadSilos);
