using Leasehold.Grains.Tokens;
using Leasehold.Diagnostics;
using Leasehold.Storage;
using Microsoft.Extensions.Logging;
using Orleans;

namespace Leasehold.Grains.Objects;

/// <summary>
/// One shard of the fenced object store. It checks the token's signature (a lying client cannot
/// invent a fence) before it reads any claim; with authentication on it then checks that the token is the caller's
/// (its holder belongs to the caller's principal) and that the key is named under the token's resource, so nobody can
/// squat on a key (<see cref="ObjectKeys"/>). Then it hands the write to the database, whose single conditional
/// statement is the only fence check that counts. Because safety lives in that statement and not in this activation,
/// writes interleave: a duplicate activation of a shard is harmless.
/// </summary>
/// <remarks>Deletes (a tombstone written under the same checks) and preconditions are in <c>ObjectShardGrain.Delete.cs</c>.</remarks>
internal sealed partial class ObjectShardGrain(
    IFencedObjectStore store,
    TokenSigner signer,
    LeaseholdInstruments instruments,
    ILogger<ObjectShardGrain> logger) : Grain, IObjectShardGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken) => signer.LoadAsync(cancellationToken);

    public async Task<WriteResult> PutAsync(PutObject request)
    {
        using var span = LeaseholdDiagnostics.StartFencedWrite(request.Key);
        if (Admit(span, request.Key, request.Token, request.Owner, out var token) is { } refused)
        {
            return refused;
        }

        var written = await store.WriteAsync(new FencedWrite(request.Key, token.Resource, token.Fence, request.Value, request.ContentType, request.Precondition), CancellationToken.None);
        switch (written.Outcome)
        {
            case FencedWriteOutcome.Accepted:
                LeaseholdDiagnostics.EndFencedWrite(span, token.Resource, token.Fence, written.HighestFence, rejectionReason: null);
                instruments.WriteAccepted();
                RingWatchers(request.Key, written.Version);
                return new WriteResult.Accepted(written.Version, written.HighestFence);
            case FencedWriteOutcome.StaleFence:
                LeaseholdDiagnostics.EndFencedWrite(span, token.Resource, token.Fence, written.HighestFence, "stale-fence");
                instruments.WriteRejected(request.Key, token.Resource, token.Fence, written.HighestFence, "stale-fence",
                    $"fence {token.Fence} is below the highest fence {written.HighestFence}");
                LogStale(logger, request.Key, token.Fence, written.HighestFence);
                return new WriteResult.StaleFence(token.Fence, written.HighestFence);
            case FencedWriteOutcome.PreconditionFailed:
                return PreconditionFailed(span, request.Key, token, request.Precondition, written);
            default:
                var reason = $"object '{request.Key}' is guarded by the lease on '{written.BoundResource}', not '{token.Resource}'";
                LeaseholdDiagnostics.EndFencedWrite(span, token.Resource, token.Fence, written.HighestFence, "wrong-resource");
                instruments.WriteRejected(request.Key, token.Resource, token.Fence, null, "wrong-resource", reason);
                LogRejected(logger, request.Key, "wrong-resource", reason);
                return new WriteResult.InvalidToken(reason);
        }
    }

    public Task<FencedObject?> GetAsync(string key) => store.ReadAsync(key, CancellationToken.None);

    [LoggerMessage(EventId = 2100, Level = LogLevel.Information, Message = "Write to {Key} rejected: fence {Fence} is below the highest fence {HighestFence}")]
    private static partial void LogStale(ILogger logger, string key, long fence, long highestFence);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Write to {Key} rejected ({Reason}): {Detail}")]
    private static partial void LogRejected(ILogger logger, string key, string reason, string detail);
}
