namespace Leasehold.Client;

/// <summary>An object's state without its bytes, as a watch reports it.</summary>
/// <param name="Key">The object key.</param>
/// <param name="Exists">Whether the key holds a value.</param>
/// <param name="Version">The latest version (0: never written).</param>
/// <param name="Fence">The fence of the change that made it.</param>
/// <param name="ContentType">The stored media type, when it exists.</param>
/// <param name="Length">The stored length in bytes, when it exists.</param>
/// <param name="UpdatedAtUtc">When it last changed, if ever.</param>
public sealed record ObjectState(string Key, bool Exists, long Version, long Fence, string? ContentType, long? Length, DateTimeOffset? UpdatedAtUtc);
