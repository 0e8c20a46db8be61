namespace Leasehold.Chaos.Recording;

/// <summary>
/// One operation as a client saw it. Times are milliseconds on the recorder's monotonic clock since the
/// history began: <see cref="InvokedMs"/> is read before the request is sent, <see cref="CompletedMs"/> after
/// the answer (or the failure) arrived, so the service acted on the request somewhere between the two.
/// </summary>
/// <param name="Id">Order of invocation within the history.</param>
/// <param name="Client">The client that ran it (<c>c3</c>, <c>sampler</c>, <c>final</c>).</param>
/// <param name="Kind">What it asked for.</param>
/// <param name="Resource">The lease's resource (lease operations; election operations: the election's lease, <c>election:NAME</c>; writes: the resource of the token they carry).</param>
/// <param name="Key">The object key (writes and reads).</param>
/// <param name="Node">The index of the node the request went to.</param>
/// <param name="InvokedMs">When the client sent it.</param>
/// <param name="CompletedMs">When the client had its answer or gave up.</param>
/// <param name="Outcome">ok, fail or unknown.</param>
/// <param name="Status">The HTTP status; 0 when no answer came.</param>
/// <param name="Problem">The problem type name of an error answer, or what went wrong on the wire.</param>
/// <param name="LeaseId">The lease: granted (acquire, renew) or used (release, write).</param>
/// <param name="Fence">The fence: granted (acquire, renew), carried (write), read (read: <c>Fencing-Fence</c>), or the latest granted (get-lease).</param>
/// <param name="TtlMs">The TTL the service granted (acquire, renew).</param>
/// <param name="Holder">The holder the service reported (get-lease, acquire).</param>
/// <param name="Held">Whether the service reported the lease held (get-lease).</param>
/// <param name="RemainingMs">The time left the service reported on its monotonic clock (get-lease).</param>
/// <param name="Value">The value written (write) or read (read).</param>
/// <param name="Late">A write or delete sent after its client slept past its lease's TTL: it must lose to any newer holder's write.</param>
/// <param name="Deleted">A read that found the key deleted (404 with the tombstone's fence in <see cref="Fence"/>).</param>
/// <param name="Permits">The number of permits a semaphore acquire named (acquire-permit); its <see cref="Resource"/> is the granted slot's lease, or <c>semaphore:NAME</c> when no slot was granted.</param>
/// <param name="Shared">
/// The lease is a shared (read) hold: granted or renewed in shared mode (acquire, renew), used (release, write with its
/// token), or reported held in shared mode (get-lease). Many shared holds share one fence: the shared epoch's.
/// </param>
/// <param name="SessionId">
/// The session: opened, kept alive or closed (session operations, whose <see cref="Resource"/> is null), or the one an
/// acquire took its lease in (then the lease's holder is the session's, in <see cref="Holder"/>, and its TTL what is left of the session).
/// </param>
/// <param name="ReleasedLeases">How many leases a session close answered it released with the session.</param>
public sealed record Operation(
    long Id,
    string Client,
    OperationKind Kind,
    string? Resource,
    string? Key,
    int Node,
    double InvokedMs,
    double CompletedMs,
    OperationOutcome Outcome,
    int Status,
    string? Problem = null,
    string? LeaseId = null,
    long? Fence = null,
    long? TtlMs = null,
    string? Holder = null,
    bool? Held = null,
    long? RemainingMs = null,
    string? Value = null,
    bool Late = false,
    bool Deleted = false,
    int? Permits = null,
    bool Shared = false,
    string? SessionId = null,
    int? ReleasedLeases = null)
{
    /// <summary>
    /// Whether the service was surely done with this operation before <paramref name="ms"/>: it was answered (acknowledged or
    /// refused) before then. One of unknown outcome never is: the client stopped waiting, but the request may still be on
    /// its way (stalled in a cut-off silo's connection until the partition heals, or queued behind a grain's turn) and take
    /// effect at any later moment.
    /// </summary>
    public bool AnsweredBefore(double ms) => Outcome != OperationOutcome.Unknown && CompletedMs < ms;

    /// <summary>One line for reports: <c>#12 c3 write orders-obj fence 7 "c3-5" [100.0, 112.5] ok 200</c>.</summary>
    public override string ToString()
    {
        var target = Kind is OperationKind.Write or OperationKind.Delete or OperationKind.Read ? Key
            : Kind is OperationKind.OpenSession or OperationKind.KeepAliveSession or OperationKind.CloseSession ? Holder
            : Resource;
        var details = new List<string>();
        if (Fence is { } fence)
        {
            details.Add($"fence {fence}");
        }

        if (LeaseId is { } lease)
        {
            details.Add($"lease {lease[..Math.Min(8, lease.Length)]}");
        }

        if (TtlMs is { } ttl)
        {
            details.Add($"ttl {ttl} ms");
        }

        if (Held is { } held)
        {
            details.Add(held ? $"held by {Holder}, {RemainingMs} ms left" : "not held");
        }

        if (Value is { } value)
        {
            details.Add($"\"{value}\"");
        }

        if (Deleted)
        {
            details.Add("deleted");
        }

        if (Late)
        {
            details.Add("late");
        }

        if (Shared)
        {
            details.Add("shared");
        }

        if (SessionId is { } session)
        {
            details.Add($"session {session[..Math.Min(8, session.Length)]}");
        }

        if (ReleasedLeases is { } released)
        {
            details.Add($"released {released}");
        }

        var problem = Problem is null ? string.Empty : $" {Problem}";
        return $"#{Id} {Client} {KindName(Kind)} {target} {string.Join(' ', details)} [{InvokedMs:0.0}, {CompletedMs:0.0}] node {Node} {OutcomeName(Outcome)} {Status}{problem}";
    }

    internal static string KindName(OperationKind kind) => kind switch
    {
        OperationKind.GetLease => "get-lease",
        OperationKind.GetLeader => "get-leader",
        OperationKind.AcquirePermit => "acquire-permit",
        OperationKind.RenewPermit => "renew-permit",
        OperationKind.ReleasePermit => "release-permit",
        OperationKind.OpenSession => "session-open",
        OperationKind.KeepAliveSession => "session-keepalive",
        OperationKind.CloseSession => "session-close",
        _ => kind.ToString().ToLowerInvariant(),
    };

    internal static string OutcomeName(OperationOutcome outcome) => outcome.ToString().ToLowerInvariant();
}
