namespace Leasehold.Api.Contracts;

/// <summary>One holder of a held lease (a shared lease has one per shared holder, all with the same fence): no lease id, no token.</summary>
/// <param name="Resource">The resource.</param>
/// <param name="Holder">Who holds it.</param>
/// <param name="Fence">Its fence.</param>
/// <param name="ExpiresAtUtc">The holding silo's wall-clock expiry (for display; a skewed clock shows here).</param>
/// <param name="RemainingMs">Time left on the holding silo's monotonic clock when it answered.</param>
/// <param name="Silo">The silo whose lease grain holds it (<c>host:port@generation</c>).</param>
public sealed record HeldLeaseResponse(string Resource, string Holder, long Fence, DateTimeOffset ExpiresAtUtc, long RemainingMs, string Silo);
