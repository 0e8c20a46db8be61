namespace Leasehold.Storage;

/// <summary>The store's answer to a fenced write or delete.</summary>
/// <param name="Outcome">Accepted or why not.</param>
/// <param name="Version">The object's version after the write (accepted), or its current version; 0 for a key never written.</param>
/// <param name="HighestFence">The highest fence the key has seen, including this write if accepted.</param>
/// <param name="BoundResource">The resource the key is bound to (for a key never written, the write's).</param>
/// <param name="Deleted">The key holds no live object: a tombstone (after an accepted delete, or as found), or never written (version 0).</param>
public sealed record FencedWriteResult(FencedWriteOutcome Outcome, long Version, long HighestFence, string BoundResource, bool Deleted = false)
{
    /// <summary>
    /// Why a write that changed nothing was refused, from the key's row as the refusal saw it (null: no row). When several
    /// checks fail, the resource wins, then the fence, then the precondition: a writer whose lease is over must learn that
    /// first, whatever version it expected.
    /// </summary>
    public static FencedWriteResult Refused(string resource, long fence, CurrentObject? current) => current switch
    {
        null => new(FencedWriteOutcome.PreconditionFailed, 0, 0, resource, Deleted: true),
        { Resource: var bound } when bound != resource => new(FencedWriteOutcome.WrongResource, current.Version, current.Fence, bound, current.Deleted),
        _ when fence < current.Fence => new(FencedWriteOutcome.StaleFence, current.Version, current.Fence, current.Resource, current.Deleted),
        _ => new(FencedWriteOutcome.PreconditionFailed, current.Version, current.Fence, current.Resource, current.Deleted),
    };

    /// <summary>A key's row as a refused write found it.</summary>
    public sealed record CurrentObject(string Resource, long Fence, long Version, bool Deleted);
}
