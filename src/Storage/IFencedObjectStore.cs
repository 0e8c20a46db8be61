namespace Leasehold.Storage;

/// <summary>
/// The fenced object table. A write is applied only if its fence is at least the highest fence the key
/// has seen, checked and applied in one conditional statement inside one transaction: this is the
/// check that keeps a paused or partitioned ex-holder from overwriting newer data.
/// </summary>
public interface IFencedObjectStore
{
    Task<FencedWriteResult> WriteAsync(FencedWrite write, CancellationToken cancellationToken);

    /// <summary>The key's object, its tombstone (<see cref="FencedObject.Deleted"/>), or null if it was never written.</summary>
    Task<FencedObject?> ReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the key's object with a tombstone, checked exactly like a write (fence, resource and precondition in one
    /// conditional statement): an accepted delete raises the key's highest fence to its own and takes the next version.
    /// A key never written gets a tombstone too, so the fence a deleter showed holds for the key from then on.
    /// </summary>
    Task<FencedWriteResult> DeleteAsync(FencedDelete delete, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="limit"/> live objects whose keys start with <paramref name="prefix"/> and come after
    /// <paramref name="after"/> (null: from the first), in ordinal key order; tombstones are left out.
    /// </summary>
    Task<ObjectPage> ListAsync(string prefix, string? after, int limit, CancellationToken cancellationToken);
}
