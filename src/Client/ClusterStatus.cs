namespace Leasehold.Client;

/// <summary>The cluster as the answering silo sees it (<c>GET /v1/cluster</c>).</summary>
/// <param name="MembershipVersion">The version of that silo's membership view; grows with every change.</param>
/// <param name="LocalSilo">The address of the silo that answered.</param>
/// <param name="Silos">Every silo in the view, but Dead ones older than the server's <c>Cluster:DeadSiloDisplayAge</c>.</param>
/// <param name="HiddenDeadSilos">How many Dead silos the server left out of <paramref name="Silos"/> for their age.</param>
public sealed record ClusterStatus(long MembershipVersion, string LocalSilo, IReadOnlyList<SiloInfo> Silos, int HiddenDeadSilos = 0);
