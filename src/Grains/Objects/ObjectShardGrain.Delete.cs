using System.Diagnostics;
using Leasehold.Diagnostics;
using Leasehold.Grains.Tokens;
using Leasehold.Storage;
using Microsoft.Extensions.Logging;

namespace Leasehold.Grains.Objects;

/// <summary>
/// Fenced deletes. A delete is a write of a tombstone: the same token checks as <see cref="PutAsync"/> (signature, then
/// with authentication on the token's principal and the key's guarding resource), then one conditional statement in the
/// database, which keeps the tombstone's fence as the key's highest so no stale writer can bring the key back.
/// </summary>
internal sealed partial class ObjectShardGrain
{
    public async Task<WriteResult> DeleteAsync(DeleteObject request)
    {
        using var span = LeaseholdDiagnostics.StartFencedWrite(request.Key);
        if (Admit(span, request.Key, request.Token, request.Owner, out var token) is { } refused)
        {
            return refused;
        }

        var deleted = await store.DeleteAsync(new FencedDelete(request.Key, token.Resource, token.Fence, request.Precondition), CancellationToken.None);
        switch (deleted.Outcome)
        {
            case FencedWriteOutcome.Accepted:
                LeaseholdDiagnostics.EndFencedWrite(span, token.Resource, token.Fence, deleted.HighestFence, rejectionReason: null);
                instruments.WriteAccepted();
                LogDeleted(logger, request.Key, token.Fence, deleted.Version);
                RingWatchers(request.Key, deleted.Version);
                return new WriteResult.Accepted(deleted.Version, deleted.HighestFence);
            case FencedWriteOutcome.StaleFence:
                LeaseholdDiagnostics.EndFencedWrite(span, token.Resource, token.Fence, deleted.HighestFence, "stale-fence");
                instruments.WriteRejected(request.Key, token.Resource, token.Fence, deleted.HighestFence, "stale-fence",
                    $"delete with fence {token.Fence} is below the highest fence {deleted.HighestFence}");
                LogStale(logger, request.Key, token.Fence, deleted.HighestFence);
                return new WriteResult.StaleFence(token.Fence, deleted.HighestFence);
            case FencedWriteOutcome.PreconditionFailed:
                return PreconditionFailed(span, request.Key, token, request.Precondition, deleted);
            default:
                var reason = $"object '{request.Key}' is guarded by the lease on '{deleted.BoundResource}', not '{token.Resource}'";
                LeaseholdDiagnostics.EndFencedWrite(span, token.Resource, token.Fence, deleted.HighestFence, "wrong-resource");
                instruments.WriteRejected(request.Key, token.Resource, token.Fence, null, "wrong-resource", reason);
                LogRejected(logger, request.Key, "wrong-resource", reason);
                return new WriteResult.InvalidToken(reason);
        }
    }

    /// <summary>
    /// The checks before the database's: a genuine token (its claims are read only after its signature holds), granted
    /// in exclusive mode, of the caller's principal, for the resource that guards the key. Null with <paramref name="token"/> set when all hold.
    /// </summary>
    private WriteResult? Admit(Activity? span, string key, string signedToken, string? owner, out FencingToken token)
    {
        token = default!;
        var verification = signer.Verify(signedToken);
        if (!verification.IsValid)
        {
            LeaseholdDiagnostics.EndFencedWrite(span, resource: null, fence: null, highestFence: null, "invalid-token");
            instruments.WriteRejected(key, null, null, null, "invalid-token", verification.Error);
            LogRejected(logger, key, "invalid-token", verification.Error);
            return new WriteResult.InvalidToken(verification.Error);
        }

        token = verification.Token;
        if (token.Mode == LeaseMode.Shared)
        {
            // A reader's token: genuine, but shared holders may be many at once, so a write under one is not exclusive.
            var reason = $"the token is for a shared lease (fence {token.Fence}); only an exclusive holder may write";
            LeaseholdDiagnostics.EndFencedWrite(span, token.Resource, token.Fence, highestFence: null, "shared-lease");
            instruments.WriteRejected(key, token.Resource, token.Fence, null, "shared-lease", reason);
            LogRejected(logger, key, "shared-lease", reason);
            return new WriteResult.SharedLease(token.Fence);
        }

        if (!Names.BelongsTo(token.Holder, owner))
        {
            var reason = $"the token is for holder '{token.Holder}', which does not belong to '{owner}'";
            LeaseholdDiagnostics.EndFencedWrite(span, token.Resource, token.Fence, highestFence: null, "forbidden");
            instruments.WriteRejected(key, token.Resource, token.Fence, null, "forbidden", reason);
            LogRejected(logger, key, "forbidden", reason);
            return new WriteResult.Forbidden($"The {reason}.");
        }

        if (owner is not null && ObjectKeys.ResourceOf(key) is var guard && guard != token.Resource)
        {
            var reason = $"object '{key}' is guarded by the lease on '{guard}' (the key up to its last dot), not '{token.Resource}'";
            LeaseholdDiagnostics.EndFencedWrite(span, token.Resource, token.Fence, highestFence: null, "wrong-resource");
            instruments.WriteRejected(key, token.Resource, token.Fence, null, "wrong-resource", reason);
            LogRejected(logger, key, "wrong-resource", reason);
            return new WriteResult.InvalidToken(reason);
        }

        return null;
    }

    /// <summary>A write or delete whose fence would do but whose precondition does not hold: the caller's, not a stale writer's.</summary>
    private WriteResult.PreconditionFailed PreconditionFailed(Activity? span, string key, FencingToken token, ObjectPrecondition precondition, FencedWriteResult current)
    {
        LeaseholdDiagnostics.EndFencedWrite(span, token.Resource, token.Fence, current.HighestFence, "precondition-failed");
        instruments.WriteRejected(key, token.Resource, token.Fence, current.HighestFence, "precondition-failed",
            $"{precondition} does not hold: the object is at version {current.Version}{(current.Deleted ? " and deleted" : string.Empty)}");
        return new WriteResult.PreconditionFailed(current.Version, current.Deleted, current.HighestFence);
    }

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information, Message = "Object {Key} deleted with fence {Fence}: tombstone at version {Version}")]
    private static partial void LogDeleted(ILogger logger, string key, long fence, long version);
}
