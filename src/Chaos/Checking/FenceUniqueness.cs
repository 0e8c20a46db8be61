using Leasehold.Chaos.Recording;

namespace Leasehold.Chaos.Checking;

/// <summary>
/// (i) No fence granted to two leases of one resource. A grant is an acknowledged acquire or renew; its answer
/// names the lease id, holder and fence. Two grants with one fence and different lease ids, one lease id with two
/// fences, or a lease sample reporting a fence held by a holder it was granted to nobody but another: each means
/// the counter handed out a fence twice. Only acknowledged answers are used, so unknown outcomes cannot mislead.
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
            if (leases.Count > 1)
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
}
