using Leasehold.Chaos.Recording;

namespace Leasehold.Chaos.Checking;

/// <summary>
/// (iv) At most one unexpired lease per resource in the service's own view.
/// <para>
/// Validity evidence for fence F: an acknowledged acquire or renew of F says the service set F's expiry, after the
/// request was sent, to <c>ttlMs</c> from then; a lease sample reporting F held says the service, after the request
/// was sent, had <c>remainingMs</c> left on F. Both durations are on the service's monotonic clock, which runs at
/// the rate of the client's (one machine; skew faults touch only wall clocks), so by that reading F stays unexpired
/// until at least <c>invoked + duration</c> of the evidence — unless the expiry is changed again: a renewal or a
/// re-acquire by the holder may shorten it, a release ends it. Any such change not known to have happened before
/// the evidence (acknowledged or unknown; refused ones change nothing) may take effect as early as it was sent, so
/// each piece of evidence counts only up to the earliest of those. Only an acknowledged change answered before the
/// evidence was sent is known to be in what the evidence read; an unknown one may land at any moment after it was
/// sent, also long after its client gave up on it. F's certain end E(F) is the latest evidence so cut.
/// </para>
/// <para>
/// Successor evidence: any acknowledged answer naming a fence above F on the resource (a grant, or a sample whose
/// latest fence is above F) proves that fence F+1 had been granted before that answer completed; the lease grain
/// grants F+1 only in a turn in which it found no unexpired lease. The first such answer completes at S(F).
/// </para>
/// <para>
/// Violation: S(F) + tolerance &lt; E(F). Then F+1 was granted while the service itself held F unexpired. Unknown
/// outcomes only ever cut E short or are ignored (grants nobody saw), so they cannot cause a false report. The
/// check assumes what the service assumes when a lease grain takes a lease over from storage: wall clocks differ
/// by less than <c>Leases:ClockUncertainty</c>; the nemesis's skew stays inside that bound.
/// </para>
/// <para>
/// Mode-aware: shared holds of one epoch share its fence and may overlap each other, but the service grants any higher
/// fence (an exclusive holder, or the next shared epoch) only when every hold of the epoch is over. So each shared hold
/// is checked as a lease of its own against the epoch's successor: its evidence is its own grants and renewals, cut only
/// by its own changes (another reader's release does not end it); a sample reporting the lease held in shared mode is
/// evidence that some hold of the epoch is unexpired, cut by any change of the epoch. An exclusive holder overlapping any
/// other unexpired holder, shared or exclusive, shows as a successor granted before an older hold's end.
/// </para>
/// <para>
/// Session-aware: a lease taken in a session is a lease like any other (its acquire's <c>ttlMs</c> is what the lease grain
/// granted), but its session may end it without an operation of its own, by a close or by expiry; <see cref="SessionCuts"/>
/// cuts its evidence there.
/// </para>
/// </summary>
public static class LeaseExclusion
{
    public static IEnumerable<Anomaly> Check(IReadOnlyList<Operation> operations, CheckOptions options)
    {
        var sessions = SessionCuts.Of(operations);
        foreach (var resource in operations.Where(o => o.Resource is not null).GroupBy(o => o.Resource!))
        {
            var ops = resource.ToList();
            var proofs = EarliestProofs(ops);
            var provenFences = proofs.Keys.Order().ToArray();
            var earliestAbove = SuffixMinima(provenFences, proofs);
            foreach (var byFence in ops.Where(o => ValidityOf(o) is not null).GroupBy(o => (Fence: o.Fence!.Value, Hold: SharedHoldOf(o))))
            {
                var fence = byFence.Key.Fence;

                // Every piece of validity evidence is itself a proof of its fence, so the fence is in the array.
                var successor = earliestAbove[Array.BinarySearch(provenFences, fence)];
                if (successor is null)
                {
                    continue;
                }

                var changes = ChangesOf(ops, byFence.ToList());
                var (end, evidence, cut) = byFence.Select(e => EndOf(e, changes, sessions)).MaxBy(x => x.End);
                if (successor.CompletedMs + options.ClockToleranceMs < end)
                {
                    yield return Anomaly.Of(AnomalyKind.TwoUnexpiredLeases,
                        $"'{resource.Key}': fence {successor.Fence} was granted by {successor.CompletedMs:0.0} ms, but the service held fence {fence} unexpired until at least {end:0.0} ms.",
                        [evidence, successor, .. cut is null ? Array.Empty<Operation>() : [cut]]);
                }
            }
        }
    }

    /// <summary>
    /// Every fence with validity evidence, with the span in which the service surely held it unexpired: from when it was
    /// surely granted (its first acknowledged proof completed) until its certain end E(F), as <see cref="Check"/> reads it.
    /// </summary>
    internal static IEnumerable<UnexpiredSpan> UnexpiredSpans(IReadOnlyList<Operation> operations)
    {
        var sessions = SessionCuts.Of(operations);
        foreach (var resource in operations.Where(o => o.Resource is not null).GroupBy(o => o.Resource!))
        {
            var ops = resource.ToList();
            var proofs = EarliestProofs(ops);
            foreach (var byFence in ops.Where(o => ValidityOf(o) is not null).GroupBy(o => o.Fence!.Value))
            {
                var changes = ChangesOf(ops, byFence.ToList());
                var (end, evidence, _) = byFence.Select(e => EndOf(e, changes, sessions)).MaxBy(x => x.End);
                var proof = proofs[byFence.Key];
                yield return new UnexpiredSpan(resource.Key, byFence.Key, proof.CompletedMs, end, proof, evidence);
            }
        }
    }

    /// <summary>How long, from its invocation, the operation proves its fence unexpired in the service's view.</summary>
    private static double? ValidityOf(Operation op) => op switch
    {
        { Outcome: not OperationOutcome.Ok } or { Fence: null } => null,
        { Kind: OperationKind.Acquire or OperationKind.Renew, TtlMs: { } ttl } => ttl,
        { Kind: OperationKind.GetLease, Held: true, RemainingMs: { } remaining } => remaining,
        _ => null,
    };

    /// <summary>The shared hold an operation is evidence for (its lease id), or null: the fence's exclusive lease, or any hold of a shared epoch (a sample).</summary>
    private static string? SharedHoldOf(Operation op) => op is { Shared: true, Kind: OperationKind.Acquire or OperationKind.Renew } ? op.LeaseId : null;

    /// <summary>
    /// The evidence's bound, cut at the earliest change of the expiry that may have come after the evidence's reading, and at
    /// the earliest moment a session that may hold the lease may have ended it (<see cref="SessionCuts"/>).
    /// </summary>
    private static (double End, Operation Evidence, Operation? Cut) EndOf(Operation evidence, IReadOnlyList<Operation> changes, SessionCuts sessions)
    {
        var end = evidence.InvokedMs + ValidityOf(evidence)!.Value;
        Operation? cut = null;
        foreach (var change in changes)
        {
            // A change answered before the evidence was sent is already in what the evidence read. One of unknown outcome is
            // never known to be done: it may take effect after the evidence's reading, so it cuts even evidence sent after
            // its client gave up on it (a release stalled by a partition, delivered after the holder had re-acquired).
            if (change.Id == evidence.Id || change.AnsweredBefore(evidence.InvokedMs))
            {
                continue;
            }

            var earliest = Math.Max(change.InvokedMs, evidence.InvokedMs);
            if (earliest < end)
            {
                end = earliest;
                cut = change;
            }
        }

        if (sessions.CutOf(evidence) is { } ended && ended.At < end)
        {
            (end, cut) = ended;
        }

        return (end, evidence, cut);
    }

    /// <summary>
    /// Operations that may have changed the fence's expiry: renewals and releases of its leases, and acquires by its
    /// holders (an acquire of unknown outcome names no fence, so any by a holder counts), acknowledged or unknown.
    /// </summary>
    private static List<Operation> ChangesOf(List<Operation> ops, List<Operation> evidence)
    {
        var leaseIds = evidence.Select(e => e.LeaseId).OfType<string>().ToHashSet();
        var holders = evidence.Select(e => e.Holder).OfType<string>().ToHashSet();
        var fence = evidence[0].Fence;
        if (SharedHoldOf(evidence[0]) is not null)
        {
            // One shared hold: only its own renewals, release and its holder's acquires change its expiry.
            return ops.Where(o => o.Outcome is OperationOutcome.Ok or OperationOutcome.Unknown && o.Kind switch
            {
                OperationKind.Renew or OperationKind.Release => o.LeaseId is not null && leaseIds.Contains(o.LeaseId),
                OperationKind.Acquire => o.Outcome == OperationOutcome.Unknown ? holders.Contains(o.Client) : o.LeaseId is not null && leaseIds.Contains(o.LeaseId),
                _ => false,
            }).ToList();
        }

        return ops.Where(o => o.Outcome is OperationOutcome.Ok or OperationOutcome.Unknown && o.Kind switch
        {
            OperationKind.Renew or OperationKind.Release => o.Fence == fence || (o.LeaseId is not null && leaseIds.Contains(o.LeaseId)),
            OperationKind.Acquire => o.Outcome == OperationOutcome.Unknown ? holders.Contains(o.Client) : o.Fence == fence,
            _ => false,
        }).ToList();
    }

    /// <summary>For each fence, the acknowledged answer naming it that completed first.</summary>
    private static Dictionary<long, Operation> EarliestProofs(List<Operation> ops)
    {
        var proofs = new Dictionary<long, Operation>();
        foreach (var op in ops)
        {
            if (op is { Kind: OperationKind.Acquire or OperationKind.Renew or OperationKind.GetLease, Outcome: OperationOutcome.Ok, Fence: { } proven }
                && (!proofs.TryGetValue(proven, out var first) || op.CompletedMs < first.CompletedMs))
            {
                proofs[proven] = op;
            }
        }

        return proofs;
    }

    /// <summary>S(F) for every proven F: the earliest completed proof of any fence above it.</summary>
    private static Operation?[] SuffixMinima(long[] provenFences, Dictionary<long, Operation> proofs)
    {
        var earliestAbove = new Operation?[provenFences.Length];
        Operation? best = null;
        for (var i = provenFences.Length - 1; i >= 0; i--)
        {
            earliestAbove[i] = best;
            var proof = proofs[provenFences[i]];
            if (best is null || proof.CompletedMs < best.CompletedMs)
            {
                best = proof;
            }
        }

        return earliestAbove;
    }
}
