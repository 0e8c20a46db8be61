namespace Leasehold.Client;

/// <summary>One held permit of a semaphore.</summary>
/// <param name="Slot">The slot; its lease is <c>semaphore:NAME:SLOT</c>.</param>
/// <param name="Holder">Who holds it.</param>
/// <param name="Fence">The slot's fence: it grows with every grant of this slot.</param>
/// <param name="ExpiresAtUtc">When it expires by the server's wall clock, unless renewed: for display only.</param>
/// <param name="RemainingMs">Time left by the server's monotonic clock, in milliseconds.</param>
public sealed record HeldPermit(int Slot, string Holder, long Fence, DateTimeOffset ExpiresAtUtc, long RemainingMs);
