namespace Leasehold.Api.Contracts;

/// <summary>The cluster as the answering silo sees it.</summary>
/// <param name="MembershipVersion">The version of this silo's membership view; grows with every change.</param>
/// <param name="LocalSilo">The address of the silo that answered.</param>
/// <param name="Silos">Every silo in the view.</param>
public sealed record ClusterResponse(long MembershipVersion, string LocalSilo, IReadOnlyList<SiloResponse> Silos);
