using Leasehold.Chaos.Recording;

namespace Leasehold.Chaos.Checking;

/// <summary>
/// (ii) No acknowledged write whose fence is below that of a write on the same key acknowledged before it was
/// invoked. If write A was acknowledged (durable, with fence a) before write B was sent, the store had seen fence a
/// when B arrived, so B is accepted only if its fence is at least a. Both writes are acknowledged, and "before"
/// is real-time order on the client's clock (A completed before B was invoked), so no interleaving can excuse it.
/// Writes of unknown outcome are not used: they may never have happened. A delete is a write of a tombstone with its
/// fence and counts as one both ways: a stale delete acknowledged after a newer write, and a write that brings a deleted
/// key back with a fence below the delete's, are both this anomaly.
/// </summary>
public static class WriteOrder
{
    public static IEnumerable<Anomaly> Check(IReadOnlyList<Operation> operations)
    {
        var acknowledged = operations.Where(o => o is { Kind: OperationKind.Write or OperationKind.Delete, Outcome: OperationOutcome.Ok, Fence: not null, Key: not null });
        foreach (var key in acknowledged.GroupBy(w => w.Key!))
        {
            var byCompletion = key.OrderBy(w => w.CompletedMs).ToList();
            Operation? highestBefore = null;
            var next = 0;
            foreach (var write in key.OrderBy(w => w.InvokedMs))
            {
                // Sweep: every write acknowledged strictly before this one was sent, keeping the highest fence.
                while (next < byCompletion.Count && byCompletion[next].CompletedMs < write.InvokedMs)
                {
                    if (highestBefore is null || byCompletion[next].Fence > highestBefore.Fence)
                    {
                        highestBefore = byCompletion[next];
                    }

                    next++;
                }

                if (highestBefore is not null && write.Fence < highestBefore.Fence)
                {
                    yield return Anomaly.Of(AnomalyKind.StaleWriteAcknowledged,
                        $"'{key.Key}': a {Name(write)} with fence {write.Fence}{(write.Late ? " (sent late, after its client slept past the TTL)" : string.Empty)} was acknowledged after a {Name(highestBefore)} with fence {highestBefore.Fence} had been acknowledged.",
                        highestBefore, write);
                }
            }
        }
    }

    private static string Name(Operation write) => write.Kind == OperationKind.Delete ? "delete" : "write";
}
