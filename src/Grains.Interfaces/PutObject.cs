namespace Leasehold.Grains;

/// <summary>A fenced write.</summary>
/// <param name="Key">The object key.</param>
/// <param name="Value">The new bytes.</param>
/// <param name="ContentType">The media type to store with them.</param>
/// <param name="Token">The writer's fencing token, as issued with its lease.</param>
public sealed record PutObject(string Key, byte[] Value, string ContentType, string Token);
