namespace Leasehold.Api.Contracts;

/// <summary>One held lease: no lease id, no token.</summary>
/// <param name="Resource">The resource.</param>
/// <param name="Holder">Who holds it.</param>
/// <param name="Fence">Its fence.</param>
/// <param name="ExpiresAtUtc">The answering silo's wall-clock expiry (for display).</param>
/// <param name="RemainingMs">Time left on the answering silo's monotonic clock.</param>
public sealed record HeldLeaseResponse(string Resource, string Holder, long Fence, DateTimeOffset ExpiresAtUtc, long RemainingMs);
