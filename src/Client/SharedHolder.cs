namespace Leasehold.Client;

/// <summary>One shared holder of a lease, as <c>GET /v1/leases/{resource}</c> lists it: never its lease id or token.</summary>
/// <param name="Holder">The holder.</param>
/// <param name="Fence">Its fence: the shared epoch's.</param>
/// <param name="ExpiresAtUtc">When its hold expires by the server's wall clock (for display).</param>
public sealed record SharedHolder(string Holder, long Fence, DateTimeOffset ExpiresAtUtc);
