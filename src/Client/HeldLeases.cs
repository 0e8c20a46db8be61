namespace Leasehold.Client;

/// <summary>The leases held on the node that answered (<c>GET /v1/leases</c>), the ones that expire soonest first.</summary>
/// <param name="Silo">The silo that answered; a lease whose grain lives on another silo is listed by that one.</param>
/// <param name="Total">How many leases that silo holds in all (the list shows at most the limit asked for).</param>
/// <param name="Leases">The leases that expire soonest, soonest first.</param>
public sealed record HeldLeases(string Silo, int Total, IReadOnlyList<HeldLease> Leases);
