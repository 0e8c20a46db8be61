namespace Leasehold.Client;

/// <summary>An object as read back from the store.</summary>
/// <param name="Key">The object key.</param>
/// <param name="Value">Its bytes.</param>
/// <param name="ContentType">The content type it was written with.</param>
/// <param name="Version">Its version (the ETag).</param>
/// <param name="Fence">The fence of the write that produced it (the <c>Fencing-Fence</c> header).</param>
public sealed record StoredObject(string Key, ReadOnlyMemory<byte> Value, string ContentType, long Version, long Fence);
