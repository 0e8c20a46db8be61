namespace Leasehold.Client;

/// <summary>One holder of a held lease as anyone may see it (a shared lease is listed once per holder): never its lease id or token.</summary>
/// <param name="Resource">The resource.</param>
/// <param name="Holder">Who holds it.</param>
/// <param name="Fence">Its fence.</param>
/// <param name="ExpiresAtUtc">Expiry by the holding silo's wall clock (for display).</param>
/// <param name="RemainingMs">Time left by the holding silo's monotonic clock when it answered, in milliseconds.</param>
/// <param name="Silo">The silo whose lease grain holds it (<c>host:port@generation</c>); null from a server that does not say.</param>
public sealed record HeldLease(string Resource, string Holder, long Fence, DateTimeOffset ExpiresAtUtc, long RemainingMs, string? Silo = null);
