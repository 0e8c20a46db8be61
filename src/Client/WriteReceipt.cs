namespace Leasehold.Client;

/// <summary>An accepted fenced write.</summary>
/// <param name="Key">The object key.</param>
/// <param name="Version">The object's version after this write (1 for the first).</param>
/// <param name="Fence">The fence the write carried; now the key's highest.</param>
public sealed record WriteReceipt(string Key, long Version, long Fence);
