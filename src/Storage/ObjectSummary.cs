using Orleans;

namespace Leasehold.Storage;

/// <summary>One live object in a listing: what a reader needs to decide whether to read it, without its bytes.</summary>
/// <param name="Key">The object key.</param>
/// <param name="Version">Its version (the ETag a read answers).</param>
/// <param name="Fence">The fence of the write that produced it.</param>
/// <param name="ContentType">The content type it was written with.</param>
/// <param name="Size">Its length in bytes.</param>
/// <param name="UpdatedAtUtc">When that write was accepted, by the writing silo's wall clock.</param>
[GenerateSerializer]
[Immutable]
[Alias("leasehold.ObjectSummary")]
public sealed record ObjectSummary(
    [property: Id(0)] string Key,
    [property: Id(1)] long Version,
    [property: Id(2)] long Fence,
    [property: Id(3)] string ContentType,
    [property: Id(4)] long Size,
    [property: Id(5)] DateTimeOffset UpdatedAtUtc);
