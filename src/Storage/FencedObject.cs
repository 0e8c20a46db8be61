using Orleans;

namespace Leasehold.Storage;

/// <summary>An object as stored: its bytes and the fence of the write that produced them.</summary>
/// <remarks>
/// <see cref="Deleted"/>: a tombstone, left by an accepted delete. Its fence, version and resource are the delete's, and
/// stay the key's: a later write must still carry a fence at least as high, so a stale writer cannot bring the key back.
/// A tombstone has no bytes and reads as "deleted", never as an object. Versions go on counting across a delete and a
/// re-create: the write after a tombstone at version 4 makes version 5.
/// </remarks>
[GenerateSerializer]
[Immutable]
[Alias("leasehold.FencedObject")]
public sealed record FencedObject(
    [property: Id(0)] string Key,
    [property: Id(1)] string Resource,
    [property: Id(2)] long Fence,
    [property: Id(3)] long Version,
    [property: Id(4)] byte[] Value,
    [property: Id(5)] string ContentType,
    [property: Id(6)] DateTimeOffset UpdatedAtUtc,
    [property: Id(7)] bool Deleted = false);
