using Leasehold.Storage;
using Orleans;

namespace Leasehold.Grains;

/// <summary>
/// One shard of the fenced object store (key: shard number). Verifies a write's fencing token, then
/// lets the database apply it only if its fence is at least the highest the key has seen.
/// </summary>
[Alias("leasehold.IObjectShardGrain")]
public interface IObjectShardGrain : IGrainWithStringKey
{
    /// <summary>Verifies the token, then writes if its fence is at least the key's highest.</summary>
    /// <remarks>Interleaves: the database's conditional write is the check, so a duplicate activation or a concurrent write is harmless.</remarks>
    [Orleans.Concurrency.AlwaysInterleave]
    [Alias("put")]
    Task<WriteResult> PutAsync(PutObject request);

    /// <summary>The object, its tombstone (<see cref="FencedObject.Deleted"/>), or null if it was never written.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    [Alias("get")]
    Task<FencedObject?> GetAsync(string key);

    /// <summary>Verifies the token exactly as for a write, then replaces the object with a tombstone if its fence is at least the key's highest.</summary>
    /// <remarks>Interleaves for the reason <see cref="PutAsync"/> does.</remarks>
    [Orleans.Concurrency.AlwaysInterleave]
    [Alias("delete")]
    Task<WriteResult> DeleteAsync(DeleteObject request);
}
