using Leasehold.Grains;

namespace Leasehold.Api.Contracts;

/// <summary>An object's current state without its bytes, as a watch reports it.</summary>
/// <param name="Key">The object key.</param>
/// <param name="Exists">Whether the key holds a value (false: never written, or deleted).</param>
/// <param name="Version">The latest version (0: never written).</param>
/// <param name="Fence">The fence of the write (or delete) that made it; 0 if never written.</param>
/// <param name="ContentType">The stored media type, when it exists.</param>
/// <param name="Length">The stored length in bytes, when it exists.</param>
/// <param name="UpdatedAtUtc">When it was last changed, by the database's clock, if ever.</param>
public sealed record ObjectStateResponse(string Key, bool Exists, long Version, long Fence, string? ContentType, long? Length, DateTimeOffset? UpdatedAtUtc)
{
    public static ObjectStateResponse From(string key, ObjectChange? change) => change switch
    {
        null => new(key, false, 0, 0, null, null, null),
        { Kind: ObjectChangeKind.Deleted } => new(key, false, change.Version, change.Fence, null, null, change.AtUtc),
        _ => new(key, true, change.Version, change.Fence, change.ContentType, change.Length, change.AtUtc),
    };
}
