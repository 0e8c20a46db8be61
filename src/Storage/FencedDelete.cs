namespace Leasehold.Storage;

/// <summary>
/// A delete of one object key, guarded like a write (<see cref="FencedWrite"/>): accepted only if its fence is at least
/// the key's highest and the key is bound to <paramref name="Resource"/>. It leaves a tombstone that keeps the key's
/// fence, version and resource, so a writer with a lower fence can never bring the key back.
/// </summary>
/// <param name="Key">The object key.</param>
/// <param name="Resource">The leased resource whose fences order writes to this key.</param>
/// <param name="Fence">The deleter's fence; the key's highest once accepted.</param>
/// <param name="Precondition">A version the deleted object must have, checked with the fence.</param>
public sealed record FencedDelete(string Key, string Resource, long Fence, ObjectPrecondition Precondition = default);
