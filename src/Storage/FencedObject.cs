using Orleans;

namespace Leasehold.Storage;

/// <summary>An object as stored: its bytes and the fence of the write that produced them.</summary>
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
    [property: Id(6)] DateTimeOffset UpdatedAtUtc);
