namespace Leasehold.Client;

/// <summary>The cluster as the answering silo sees it (<c>GET /v1/cluster</c>).</summary>
/// <param name="MembershipVersion">The version of that silo's membership view; grows with every change.</param>
/// <param name="LocalSilo">The address of the silo that answered.</param>
/// <param name="Silos">Every silo in the view.</param>
public sealed record ClusterStatus(long MembershipVersion, string LocalSilo, IReadOnlyList<SiloInfo> Silos);
