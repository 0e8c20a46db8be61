using Leasehold.Chaos.Recording;

namespace Leasehold.Chaos.Checking;

/// <summary>
/// (i) No fence granted to two leases of one resource. A grant is an acknowledged acquire or renew; its answer
/// names the lease id, holder and fence. Two grants with one fence and different lease ids, one lease id with two
/// fences, or a lease sample reporting a fence held by a holder it was granted to nobody but another: each means
/// the counter handed out a fence twice. Only acknowledged answers are used, so unknown outcomes cannot mislead.
/// <para>
/// Mode-aware: shared holds of one epoch share its fence, so many shared leases with one fence are fine; but an exclusive
/// fence is one lease's alone (no other lease, exclusive or shared, may have it), and an epoch's fence is that epoch's
/// alone: fences only grow, so a lease first granted after an answer naming a higher fence had completed must have a
/// fence at least that high. A lower one is a fence handed out again (a reader let into an epoch that had ended).
/// </para>
/// </summary>
public static class FenceUniqueness
{
    public static IEnumerable<Anomaly> Check(IReadOnlyList<Operation> operations)
    {
        var grants = operations
            .Where(o => o is { Kind: OperationKind.Acquire or OperationKind.Renew, Outcome: OperationOutcome.Ok, Fence: not null, LeaseId: not null })
            .OrderBy(o => o.Id)
            .ToList();

        foreach (var sameFence in grants.GroupBy(g => (g.Resource, g.Fence)))
        {
            var leases = sameFence.DistinctBy(g => g.LeaseId).ToList();
            if (leases.Count > 1 && leases.Any(l => !l.Shared))
            {
                yield return Anomaly.Of(AnomalyKind.FenceGrantedTwice,
                    $"Fence {sameFence.Key.Fence} of '{sameFence.Key.Resource}' was granted to {leases.Count} leases ({string.Join(", ", leases.Select(l => l.Holder))}).",
                    [.. leases]);
            }
        }

        foreach (var sameLease in grants.GroupBy(g => (g.Resource, g.LeaseId)))
        {
            var fences = sameLease.DistinctBy(g => g.Fence).ToList();
            if (fences.Count > 1)
            {
                yield return Anomaly.Of(AnomalyKind.FenceGrantedTwice,
                    $"One lease of '{sameLease.Key.Resource}' was answered with {fences.Count} fences ({string.Join(", ", fences.Select(f => f.Fence))}).",
                    [.. fences]);
            }
        }

        foreach (var anomaly in FencesGrantedAfterHigherOnes(operations, grants))
        {
            yield return anomaly;
        }

        var holderOf = grants
            .GroupBy(g => (g.Resource, g.Fence))
            .Where(g => g.Select(o => o.Holder).Distinct().Count() == 1 && g.First().Holder is not null)
            .ToDictionary(g => g.Key, g => g.First());
        foreach (var sample in operations.Where(o => o is { Kind: OperationKind.GetLease, Outcome: OperationOutcome.Ok, Held: true, Fence: not null, Holder: not null }))
        {
            if (holderOf.TryGetValue((sample.Resource, sample.Fence), out var grant) && grant.Holder != sample.Holder)
            {
                yield return Anomaly.Of(AnomalyKind.FenceGrantedTwice,
                    $"Fence {sample.Fence} of '{sample.Resource}' was granted to {grant.Holder} but reported held by {sample.Holder}.",
                    grant, sample);
            }
        }
    }

    /// <summary>
    /// <c>watch-contradicts-history</c>: a lease watch event (granted, renewed, released, expired, lost) names a fence and whose
    /// lease it is, so it is evidence of that fence's grant like a sample reporting the fence held. An exclusive fence an
    /// acknowledged acquire granted to one holder must be told as that holder's exclusive lease; a fence acknowledged grants
    /// made a shared epoch's must be told as a shared hold (of any reader: a reader's grant may be of unknown outcome).
    /// Sound for the reason (i) is: the fence is advanced by compare-and-swap and the watch tells only durable changes.
    /// </summary>
    public static IEnumerable<Anomaly> CheckWatched(IReadOnlyList<Operation> operations, IReadOnlyList<WatchEvent> events)
    {
        var grants = operations
            .Where(o => o is { Kind: OperationKind.Acquire or OperationKind.Renew, Outcome: OperationOutcome.Ok, Fence: not null, LeaseId: not null })
            .GroupBy(g => (g.Resource, g.Fence))
            .ToDictionary(g => g.Key, g => g.ToList());
        var told = events.Where(e => e is { Object: false, IsChange: true, Fence: not null });
        foreach (var same in told.GroupBy(e => (e.Target, e.Fence, e.Holder, e.Shared)))
        {
            if (!grants.TryGetValue((same.Key.Target, same.Key.Fence), out var granted))
            {
                continue;
            }

            var exclusive = granted.Where(g => !g.Shared).ToList();
            var first = same.First();
            var holders = exclusive.Select(g => g.Holder).Distinct().ToList();
            var contradiction = exclusive.Count == 0
                ? first.Shared ? null : $"an exclusive lease of {first.Holder}, but acknowledged grants made it a shared epoch's fence"
                : holders.Count != 1 ? null
                : first.Shared ? $"a shared hold of {first.Holder}, but an acknowledged acquire granted it to {holders[0]} exclusively"
                : first.Holder != holders[0] ? $"{first.Holder}'s lease, but an acknowledged acquire granted it to {holders[0]}"
                : null;
            if (contradiction is not null)
            {
                yield return Anomaly.OfWatch(AnomalyKind.WatchContradictsHistory,
                    $"A watch of '{same.Key.Target}' told fence {same.Key.Fence} ({first.Kind}) as {contradiction}.",
                    same.Take(3), [.. granted.Take(3)]);
            }
        }
    }

    /// <summary>Leases first granted with a fence below one an answer had named before the grant was asked for.</summary>
    private static IEnumerable<Anomaly> FencesGrantedAfterHigherOnes(IReadOnlyList<Operation> operations, List<Operation> grants)
    {
        var proofs = operations
            .Where(o => o is { Kind: OperationKind.Acquire or OperationKind.Renew or OperationKind.GetLease, Outcome: OperationOutcome.Ok, Fence: not null, Resource: not null })
            .GroupBy(o => o.Resource!)
            .ToDictionary(g => g.Key, g => g.OrderBy(o => o.CompletedMs).ToList());
        foreach (var first in grants.Where(g => g.Kind == OperationKind.Acquire && g.Resource is not null).GroupBy(g => (g.Resource, g.LeaseId)).Select(g => g.MinBy(o => o.InvokedMs)!))
        {
            var higher = proofs[first.Resource!].TakeWhile(p => p.CompletedMs < first.InvokedMs).FirstOrDefault(p => p.Fence > first.Fence);
            if (higher is not null)
            {
                yield return Anomaly.Of(AnomalyKind.FenceGrantedTwice,
                    $"A new lease of '{first.Resource}' was granted fence {first.Fence}{(first.Shared ? " (shared)" : string.Empty)} after fence {higher.Fence} had been granted: a fence handed out again.",
                    higher, first);
            }
        }
    }
}
