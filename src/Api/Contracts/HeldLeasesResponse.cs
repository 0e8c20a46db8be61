namespace Leasehold.Api.Contracts;

/// <summary>The leases held by lease grains on the silo that answers (a lease whose grain lives on another silo is listed there).</summary>
/// <param name="Silo">The silo that answered.</param>
/// <param name="Total">How many leases lease grains on this silo hold in all.</param>
/// <param name="Leases">The ones that expire soonest (at most the request's <c>limit</c>), soonest first.</param>
public sealed record HeldLeasesResponse(string Silo, int Total, IReadOnlyList<HeldLeaseResponse> Leases);
