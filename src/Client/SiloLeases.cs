namespace Leasehold.Client;

/// <summary>One silo asked by <c>GET /v1/leases</c>.</summary>
/// <param name="Silo">The silo (<c>host:port@generation</c>).</param>
/// <param name="Answered">Whether it answered in time.</param>
/// <param name="Total">How many holders hold leases of its lease grains (a shared lease counts each), when it answered.</param>
/// <param name="Error">Why there is no answer, when it did not answer.</param>
public sealed record SiloLeases(string Silo, bool Answered, int? Total, string? Error);
