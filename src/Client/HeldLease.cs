namespace Leasehold.Client;

/// <summary>One held lease as anyone may see it: never its lease id or token.</summary>
/// <param name="Resource">The resource.</param>
/// <param name="Holder">Who holds it.</param>
/// <param name="Fence">Its fence.</param>
/// <param name="ExpiresAtUtc">Expiry by the answering silo's wall clock (for display).</param>
/// <param name="RemainingMs">Time left by the answering silo's monotonic clock, in milliseconds.</param>
public sealed record HeldLease(string Resource, string Holder, long Fence, DateTimeOffset ExpiresAtUtc, long RemainingMs);
