namespace Leasehold.Storage;

/// <summary>A write to one object key, guarded by a fence of the lease on <paramref name="Resource"/>.</summary>
/// <param name="Key">The object key.</param>
/// <param name="Resource">The leased resource whose fences order writes to this key. The first accepted write binds the key to it.</param>
/// <param name="Fence">The writer's fence.</param>
/// <param name="Value">The object's new bytes.</param>
/// <param name="ContentType">The media type to answer reads with.</param>
/// <param name="Precondition">A version the key's current object must have (or that it must not exist), checked with the fence.</param>
public sealed record FencedWrite(string Key, string Resource, long Fence, ReadOnlyMemory<byte> Value, string ContentType, ObjectPrecondition Precondition = default);
