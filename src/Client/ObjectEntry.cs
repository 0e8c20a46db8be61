namespace Leasehold.Client;

/// <summary>One live object of a listing, without its bytes.</summary>
/// <param name="Key">The object key.</param>
/// <param name="Version">Its version (what <see cref="ObjectCondition.IfVersion"/> names).</param>
/// <param name="Fence">The fence of the write that produced it.</param>
/// <param name="ContentType">The content type it was written with.</param>
/// <param name="Size">Its length in bytes.</param>
/// <param name="UpdatedAtUtc">When that write was accepted, by the server's wall clock.</param>
public sealed record ObjectEntry(string Key, long Version, long Fence, string ContentType, long Size, DateTimeOffset UpdatedAtUtc);
