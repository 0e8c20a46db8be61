namespace Leasehold.Api.Contracts;

/// <summary>One live object of a listing.</summary>
/// <param name="Key">The object key.</param>
/// <param name="Version">Its version: the ETag a read answers, and what <c>If-Match</c> names.</param>
/// <param name="Fence">The fence of the write that produced it.</param>
/// <param name="ContentType">The content type it was written with.</param>
/// <param name="Size">Its length in bytes.</param>
/// <param name="UpdatedAtUtc">When that write was accepted, by the writing silo's wall clock.</param>
public sealed record ObjectListItem(string Key, long Version, long Fence, string ContentType, long Size, DateTimeOffset UpdatedAtUtc);
