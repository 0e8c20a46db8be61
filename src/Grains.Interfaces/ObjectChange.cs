using Orleans;

namespace Leasehold.Grains;

/// <summary>An object's latest change: what watchers are told. The store keeps only the current value, so this is the newest version.</summary>
/// <param name="Key">The object key.</param>
/// <param name="Version">The object's version: 1 for the first write, one more for each next change.</param>
/// <param name="Kind">What the change was.</param>
/// <param name="Fence">The fence of the write (or delete) that made it.</param>
/// <param name="ContentType">The stored media type; null for a delete.</param>
/// <param name="Length">The stored length in bytes; 0 for a delete.</param>
/// <param name="AtUtc">When it was written, by the database's clock (for display).</param>
[GenerateSerializer]
[Immutable]
[Alias("leasehold.ObjectChange")]
public sealed record ObjectChange(
    [property: Id(0)] string Key,
    [property: Id(1)] long Version,
    [property: Id(2)] ObjectChangeKind Kind,
    [property: Id(3)] long Fence,
    [property: Id(4)] string? ContentType,
    [property: Id(5)] long Length,
    [property: Id(6)] DateTimeOffset AtUtc);
