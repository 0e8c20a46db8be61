using Leasehold.Chaos.Recording;

namespace Leasehold.Chaos.Checking;

/// <summary>
/// (iii) No acknowledged write lost. A write is acknowledged only once durable, and a read goes to the database,
/// so a read sent after a write was acknowledged must see that write's fence or a higher one; and the value it
/// returns must come from a write with exactly the fence it reports, acknowledged or of unknown outcome (never one
/// that failed, since 409 and 503 mean nothing was written), sent before the read completed. The final reads, made
/// after the nemesis healed everything and every client stopped, are the reads this matters most for: their fence
/// must be at least the highest acknowledged fence of the key. Mid-run reads are held to the same rule.
/// </summary>
public static class WriteDurability
{
    public static IEnumerable<Anomaly> Check(IReadOnlyList<Operation> operations, CheckOptions options)
    {
        // A delete is a write of a tombstone: a read after it must see its fence (404, deleted) or a higher one.
        var writes = operations.Where(o => o is { Kind: OperationKind.Write or OperationKind.Delete, Key: not null }).ToList();
        var reads = operations.Where(o => o is { Kind: OperationKind.Read, Outcome: OperationOutcome.Ok, Key: not null }).ToList();
        var writesByKey = writes.ToLookup(w => w.Key!);

        foreach (var key in reads.GroupBy(r => r.Key!))
        {
            var acknowledged = writesByKey[key.Key].Where(w => w is { Outcome: OperationOutcome.Ok, Fence: not null }).OrderBy(w => w.CompletedMs).ToList();
            Operation? highestBefore = null;
            var next = 0;
            foreach (var read in key.OrderBy(r => r.InvokedMs))
            {
                while (next < acknowledged.Count && acknowledged[next].CompletedMs < read.InvokedMs)
                {
                    if (highestBefore is null || acknowledged[next].Fence > highestBefore.Fence)
                    {
                        highestBefore = acknowledged[next];
                    }

                    next++;
                }

                if (highestBefore is not null && (read.Fence is null || read.Fence < highestBefore.Fence))
                {
                    yield return Anomaly.Of(AnomalyKind.AcknowledgedWriteLost,
                        $"'{key.Key}': a {(read.Client == options.FinalReader ? "final " : string.Empty)}read saw {(read.Fence is { } f ? $"fence {f}" : "no object")}, but a write with fence {highestBefore.Fence} was acknowledged before the read was sent.",
                        highestBefore, read);
                }

                if (read.Fence is { } fence && !writesByKey[key.Key].Any(w => CouldHaveProduced(w, read, fence)))
                {
                    // The smallest slice: the write that sent this value (refused, or sent too late), else the writes with that fence.
                    var sameValue = read.Deleted ? [] : writesByKey[key.Key].Where(w => w.Value == read.Value).ToArray();
                    var suspects = sameValue.Length > 0 ? sameValue : writesByKey[key.Key].Where(w => w.Fence == fence).Take(3).ToArray();
                    yield return Anomaly.Of(AnomalyKind.AcknowledgedWriteLost,
                        read.Deleted
                            ? $"'{key.Key}': a read found the key deleted with fence {fence}, which no acknowledged or unknown delete with that fence, sent before the read completed, did."
                            : $"'{key.Key}': a read returned \"{read.Value}\" with fence {fence}, which no acknowledged or unknown write with that fence, sent before the read completed, wrote.",
                        [read, .. suspects]);
                }
            }
        }

        if (!options.RequireFinalReads)
        {
            yield break;
        }

        foreach (var key in writesByKey.Where(k => k.Any(w => w.Outcome == OperationOutcome.Ok)))
        {
            if (!reads.Any(r => r.Key == key.Key && r.Client == options.FinalReader))
            {
                yield return Anomaly.Of(AnomalyKind.NoFinalRead,
                    $"'{key.Key}' has acknowledged writes but no successful final read.",
                    key.Where(w => w.Outcome == OperationOutcome.Ok).MaxBy(w => w.Fence)!);
            }
        }
    }

    private static bool CouldHaveProduced(Operation write, Operation read, long fence) =>
        write.Fence == fence
        && (read.Deleted ? write.Kind == OperationKind.Delete : write.Kind == OperationKind.Write && write.Value == read.Value)
        && write.Outcome is OperationOutcome.Ok or OperationOutcome.Unknown
        && write.InvokedMs < read.CompletedMs;
}
