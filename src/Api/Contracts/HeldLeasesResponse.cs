namespace Leasehold.Api.Contracts;

/// <summary>The leases held in the whole cluster, gathered from every Active silo at the time of the request.</summary>
/// <param name="Silo">The silo that answered this request.</param>
/// <param name="Total">How many holders the silos that answered list in all (a shared lease counts each of its holders).</param>
/// <param name="Leases">The holds that expire soonest, one per holder (at most the request's <c>limit</c>), soonest first, each with its silo.</param>
/// <param name="Silos">Every silo asked (the Active ones), whether it answered, and the faults in force on it.</param>
/// <param name="Unreachable">The silos asked that did not answer in time: their leases are missing from <paramref name="Leases"/> and <paramref name="Total"/>.</param>
public sealed record HeldLeasesResponse(string Silo, int Total, IReadOnlyList<HeldLeaseResponse> Leases, IReadOnlyList<SiloLeasesResponse> Silos, IReadOnlyList<string> Unreachable);
