namespace Leasehold.Client;

/// <summary>The leases held in the whole cluster (<c>GET /v1/leases</c>), gathered from every Active silo, the ones that expire soonest first.</summary>
/// <param name="Silo">The silo that answered the request.</param>
/// <param name="Total">How many holders the silos that answered list in all, a shared lease once per holder (the list shows at most the limit asked for).</param>
/// <param name="Leases">The holds that expire soonest, soonest first, one per holder, each with its silo.</param>
/// <param name="Silos">Every silo asked and whether it answered; null from a server that does not say.</param>
/// <param name="Unreachable">The silos asked that did not answer in time: their leases are missing from <paramref name="Leases"/>.</param>
public sealed record HeldLeases(string Silo, int Total, IReadOnlyList<HeldLease> Leases, IReadOnlyList<SiloLeases>? Silos = null, IReadOnlyList<string>? Unreachable = null);
