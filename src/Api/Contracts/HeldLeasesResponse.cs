namespace Leasehold.Api.Contracts;

/// <summary>The leases held by lease grains on the silo that answers (a lease whose grain lives on another silo is listed there).</summary>
/// <param name="Silo">The silo that answered.</param>
/// <param name="Leases">Soonest to expire first.</param>
public sealed record HeldLeasesResponse(string Silo, IReadOnlyList<HeldLeaseResponse> Leases);
