using Leasehold.Runtime;
using Leasehold.Storage;

namespace Leasehold.Grains;

/// <summary>
/// One shard of the fenced object store (key: shard number). Verifies a write's fencing token, then
/// lets the database apply it only if its fence is at least the highest the key has seen.
/// </summary>
public interface IObjectShardGrain : IGrainWithStringKey
{
    /// <summary>Verifies the token, then writes if its fence is at least the key's highest. Interleaves: the database's conditional write is the check.</summary>
    [AlwaysInterleave]
    Task<WriteResult> PutAsync(PutObject request);

    /// <summary>The object, or null if it was never written.</summary>
    [AlwaysInterleave]
    Task<FencedObject?> GetAsync(string key);
}
