using Leasehold.Chaos.Recording;

namespace Leasehold.Chaos.Checking;

/// <summary>
/// (ix) No lease outlives its session's acknowledged end. Two checks, each on acknowledged answers only:
/// <list type="bullet">
/// <item>Once an answer said the session ended — a close acknowledged, or a keep-alive refused 410 <c>session-lost</c> —
/// no keep-alive sent after that answer completed may answer it open, and no acquire in it may be granted. Both answers
/// come only after a compare-and-swap of the session's durable state that found it open, and an ended session is ended in
/// that state before either answer is sent (a close, and a keep-alive that finds the session past its end, write the end
/// first); an activation holding an older copy fails its compare-and-swap and reads the end.</item>
/// <item>After an acknowledged close that released as many leases as the session was surely granted (its acknowledged
/// acquires, with no acquire in it of unknown outcome), each of them was released by its lease grain before the close was
/// answered; so no lease sample sent after the close completed may report one of those fences held. With fewer released, a
/// lease the session could not release runs out by its own TTL, so nothing is claimed about it; an expiry's answer says
/// nothing of how many leases it released, so only the first check applies to it.</item>
/// </list>
/// </summary>
public static class SessionLeases
{
    public static IEnumerable<Anomaly> Check(IReadOnlyList<Operation> operations)
    {
        var samples = operations
            .Where(o => o is { Kind: OperationKind.GetLease, Outcome: OperationOutcome.Ok, Held: true, Fence: not null, Resource: not null })
            .ToLookup(o => (o.Resource, o.Fence));
        foreach (var session in SessionHistory.Of(operations))
        {
            var ended = session.Operations
                .Where(o => o is { Kind: OperationKind.CloseSession, Outcome: OperationOutcome.Ok }
                    or { Kind: OperationKind.KeepAliveSession, Status: 410, Problem: SessionHistory.LostProblem })
                .MinBy(o => o.CompletedMs);
            if (ended is null)
            {
                continue;
            }

            var revived = session.Operations.FirstOrDefault(o => o is { Kind: OperationKind.KeepAliveSession or OperationKind.Acquire, Outcome: OperationOutcome.Ok } && o.InvokedMs > ended.CompletedMs);
            if (revived is not null)
            {
                yield return Anomaly.Of(AnomalyKind.SessionLeaseOutlivedSession,
                    $"Session of '{session.Holder}' was answered ended by {ended.CompletedMs:0.0} ms, but a {Operation.KindName(revived.Kind)} sent at {revived.InvokedMs:0.0} ms {(revived.Kind == OperationKind.Acquire ? $"was granted a lease on '{revived.Resource}' in it" : "answered it open")}.",
                    ended, revived);
            }

            foreach (var anomaly in LeasesHeldAfterClose(session, samples))
            {
                yield return anomaly;
            }
        }
    }

    private static IEnumerable<Anomaly> LeasesHeldAfterClose(SessionHistory session, ILookup<(string?, long?), Operation> samples)
    {
        if (session.Operations.Any(o => o is { Kind: OperationKind.Acquire, Outcome: OperationOutcome.Unknown }))
        {
            yield break;
        }

        var leases = session.Grants.DistinctBy(g => (g.Resource, g.LeaseId)).ToList();
        var close = session.Operations
            .Where(o => o is { Kind: OperationKind.CloseSession, Outcome: OperationOutcome.Ok } && o.ReleasedLeases == leases.Count && leases.Count > 0)
            .MinBy(o => o.CompletedMs);
        if (close is null)
        {
            yield break;
        }

        foreach (var lease in leases)
        {
            var held = samples[(lease.Resource, lease.Fence)].Where(s => s.InvokedMs > close.CompletedMs).MinBy(s => s.InvokedMs);
            if (held is not null)
            {
                yield return Anomaly.Of(AnomalyKind.SessionLeaseOutlivedSession,
                    $"'{lease.Resource}': the session of '{session.Holder}' was closed by {close.CompletedMs:0.0} ms with all its {leases.Count} leases released, but fence {lease.Fence} was reported held by a sample sent at {held.InvokedMs:0.0} ms.",
                    lease, close, held);
            }
        }
    }
}
