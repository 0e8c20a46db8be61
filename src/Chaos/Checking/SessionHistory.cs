using Leasehold.Chaos.Recording;

namespace Leasehold.Chaos.Checking;

/// <summary>One session's part of a history: its holder, the open that was acknowledged, and every operation naming it.</summary>
/// <param name="Id">The session's id.</param>
/// <param name="Holder">Who holds its leases (the holder it was opened for).</param>
/// <param name="Opened">Its acknowledged open (with the session's TTL), if it was acknowledged.</param>
/// <param name="Operations">Its operations: open, keep-alives, close, and the acquires made in it, in invocation order.</param>
internal sealed record SessionHistory(string Id, string? Holder, Operation? Opened, IReadOnlyList<Operation> Operations)
{
    /// <summary>The problem type of an answer saying the session has ended.</summary>
    public const string LostProblem = "session-lost";

    /// <summary>The sessions of a history (only those an answer named: an open whose answer was lost gave no id to use).</summary>
    public static IReadOnlyList<SessionHistory> Of(IReadOnlyList<Operation> operations) =>
        [.. operations.Where(o => o.SessionId is not null).GroupBy(o => o.SessionId!).Select(g =>
        {
            var ops = g.OrderBy(o => o.Id).ToList();
            var opened = ops.FirstOrDefault(o => o is { Kind: OperationKind.OpenSession, Outcome: OperationOutcome.Ok });
            return new SessionHistory(g.Key, opened?.Holder ?? ops.Select(o => o.Holder).FirstOrDefault(h => h is not null), opened, ops);
        })];

    /// <summary>
    /// The acknowledged acquires in the session: the leases it surely held. Evidence (an acquire, renewal or sample) may be
    /// about a lease of the session when it names the session's holder, or a lease id or fence granted here: a lease is its
    /// holder's, and the workload gives each session a holder of its own; matching more widely only cuts more evidence, which
    /// is always sound.
    /// </summary>
    public IEnumerable<Operation> Grants => Operations.Where(o => o is { Kind: OperationKind.Acquire, Outcome: OperationOutcome.Ok, LeaseId: not null, Fence: not null });

}
