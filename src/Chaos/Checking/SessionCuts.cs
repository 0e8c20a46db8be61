using Leasehold.Chaos.Recording;

namespace Leasehold.Chaos.Checking;

/// <summary>
/// How sessions may end their leases, for (iv) <see cref="LeaseExclusion"/>: a session ends every lease it holds when it
/// ends, by a close or by expiry, and neither shows in the lease's own operations. So the validity evidence of a lease a
/// session may hold counts only up to the earliest of:
/// <list type="bullet">
/// <item>a close of the session, acknowledged or unknown, not known to have completed before the evidence was sent (it may
/// have taken effect as early as it was sent; an unknown one is never known to have completed), as a release of each of
/// its leases;</item>
/// <item>an acquire in the session on the lease's resource that was not acknowledged (refused or unknown): the session
/// grain releases a lease it was granted but could not record;</item>
/// <item>the session's expiry, which is no sooner than its acknowledged open was sent plus its TTL. Keep-alives extend the
/// session but are not counted: during a view change, an activation that missed a keep-alive may end the session at its
/// own, earlier, reading. An evidence sent after that bound counts for nothing: the session may end at any moment.</item>
/// </list>
/// Keep-alives renew the session's leases for the session's TTL from when they run, which never shortens a lease, so they
/// cut nothing.
/// </summary>
internal sealed class SessionCuts
{
    private readonly ILookup<string, SessionHistory> _byHolder;
    private readonly ILookup<(string?, string?), SessionHistory> _byLease;
    private readonly ILookup<(string?, long?), SessionHistory> _byFence;

    private SessionCuts(IReadOnlyList<SessionHistory> sessions)
    {
        _byHolder = sessions.Where(s => s.Holder is not null).ToLookup(s => s.Holder!);
        _byLease = sessions.SelectMany(s => s.Grants.Select(g => (Key: (g.Resource, g.LeaseId), Session: s))).ToLookup(x => x.Key, x => x.Session);
        _byFence = sessions.SelectMany(s => s.Grants.Select(g => (Key: (g.Resource, g.Fence), Session: s))).ToLookup(x => x.Key, x => x.Session);
    }

    public static SessionCuts Of(IReadOnlyList<Operation> operations) => new(SessionHistory.Of(operations));

    /// <summary>The earliest moment a session may have ended the lease <paramref name="evidence"/> is about, and the operation that shows it; null if no session may hold it.</summary>
    public (double At, Operation? By)? CutOf(Operation evidence)
    {
        // The sessions that may hold the lease: its holder's, or one granted its lease id or fence (see SessionHistory.Grants).
        var sessions = (evidence.Holder is { } holder ? _byHolder[holder] : [])
            .Concat(_byLease[(evidence.Resource, evidence.LeaseId)])
            .Concat(_byFence[(evidence.Resource, evidence.Fence)])
            .Distinct();
        (double At, Operation? By)? earliest = null;
        foreach (var session in sessions)
        {
            foreach (var cut in CutsOf(session, evidence))
            {
                if (earliest is null || cut.At < earliest.Value.At)
                {
                    earliest = cut;
                }
            }
        }

        return earliest;
    }

    private static IEnumerable<(double At, Operation? By)> CutsOf(SessionHistory session, Operation evidence)
    {
        var ends = session.Operations.Where(o =>
            o is { Kind: OperationKind.CloseSession, Outcome: OperationOutcome.Ok or OperationOutcome.Unknown }
            || (o is { Kind: OperationKind.Acquire, Outcome: not OperationOutcome.Ok } && o.Resource == evidence.Resource));
        foreach (var end in ends)
        {
            // A close answered before the evidence was sent is already in what the evidence read; one of unknown outcome may
            // take effect after it, however early its client gave up on it.
            if (end.Id != evidence.Id && !end.AnsweredBefore(evidence.InvokedMs))
            {
                yield return (Math.Max(end.InvokedMs, evidence.InvokedMs), end);
            }
        }

        var expiresNoSoonerThan = session.Opened is { TtlMs: { } ttl } opened ? opened.InvokedMs + ttl : double.NegativeInfinity;
        yield return (Math.Max(expiresNoSoonerThan, evidence.InvokedMs), session.Opened);
    }
}
