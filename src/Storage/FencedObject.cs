namespace Leasehold.Storage;

/// <summary>An object as stored: its bytes and the fence of the write that produced them.</summary>
public sealed record FencedObject(
    string Key,
    string Resource,
    long Fence,
    long Version,
    byte[] Value,
    string ContentType,
    DateTimeOffset UpdatedAtUtc);
