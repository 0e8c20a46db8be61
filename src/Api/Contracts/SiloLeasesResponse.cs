namespace Leasehold.Api.Contracts;

/// <summary>One silo asked for its leases.</summary>
/// <param name="Silo">The silo (<c>host:port@generation</c>).</param>
/// <param name="Answered">Whether it answered within <c>Api:SiloAnswerTimeout</c>.</param>
/// <param name="Total">How many holders hold leases of its lease grains (a shared lease counts each), when it answered.</param>
/// <param name="Faults">The faults in force on it, when it answered and has fault injection.</param>
/// <param name="Error">Why there is no answer, when it did not answer.</param>
public sealed record SiloLeasesResponse(string Silo, bool Answered, int? Total, FaultsResponse? Faults, string? Error);
