namespace Leasehold.Api.Contracts;

/// <summary>One held permit.</summary>
/// <param name="Slot">The slot, 0 to permits − 1 (its lease is <c>semaphore:NAME:SLOT</c>).</param>
/// <param name="Holder">Who holds it.</param>
/// <param name="Fence">The slot's fence.</param>
/// <param name="ExpiresAtUtc">When it expires by the server's wall clock, unless renewed.</param>
/// <param name="RemainingMs">Time left by the server's monotonic clock.</param>
public sealed record HeldPermitResponse(int Slot, string Holder, long Fence, DateTimeOffset ExpiresAtUtc, long RemainingMs);
