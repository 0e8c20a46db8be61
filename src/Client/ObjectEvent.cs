namespace Leasehold.Client;

/// <summary>One event of an object watch (<see cref="LeaseholdClient.WatchObjectAsync"/>).</summary>
/// <param name="Id">The object's version; for a reset, its current version (0: never written).</param>
/// <param name="Kind">What happened.</param>
/// <param name="Key">The object key.</param>
/// <param name="Version">The version written or deleted; null on a reset.</param>
/// <param name="Fence">The fence of the write or delete; null on a reset.</param>
/// <param name="ContentType">For a write: the stored media type.</param>
/// <param name="Length">For a write: the stored length in bytes.</param>
/// <param name="AtUtc">When it happened, by the database's clock.</param>
/// <param name="ResetReason">For a reset: <c>start</c> or <c>behind</c>.</param>
/// <param name="Object">For a reset: the object's state now.</param>
public sealed record ObjectEvent(
    long Id,
    ObjectEventKind Kind,
    string Key,
    long? Version,
    long? Fence,
    string? ContentType,
    long? Length,
    DateTimeOffset? AtUtc,
    string? ResetReason,
    ObjectState? Object);
