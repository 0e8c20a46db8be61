using Leasehold.Chaos.Recording;

namespace Leasehold.Chaos.Tests.Checking;

/// <summary>Hand-made histories for the checker's tests: each method adds one operation with explicit times.</summary>
internal sealed class HistoryBuilder
{
    private readonly List<Operation> _operations = [];

    public IReadOnlyList<Operation> Operations => _operations;

    public Operation Acquire(string client, string resource, long fence, string leaseId, double invoked, double completed, long ttlMs = 1_000, OperationOutcome outcome = OperationOutcome.Ok, bool shared = false) =>
        Add(new Operation(0, client, OperationKind.Acquire, resource, null, 0, invoked, completed, outcome, Status(outcome, 200),
            LeaseId: outcome == OperationOutcome.Ok ? leaseId : null, Fence: outcome == OperationOutcome.Ok ? fence : null, TtlMs: outcome == OperationOutcome.Ok ? ttlMs : null, Holder: client, Shared: shared));

    public Operation Renew(string client, string resource, long fence, string leaseId, double invoked, double completed, long ttlMs = 1_000) =>
        Add(new Operation(0, client, OperationKind.Renew, resource, null, 0, invoked, completed, OperationOutcome.Ok, 200, LeaseId: leaseId, Fence: fence, TtlMs: ttlMs, Holder: client));

    public Operation Release(string client, string resource, long fence, string leaseId, double invoked, double completed, OperationOutcome outcome = OperationOutcome.Ok, bool shared = false) =>
        Add(new Operation(0, client, OperationKind.Release, resource, null, 0, invoked, completed, outcome, Status(outcome, 204, 410), LeaseId: leaseId, Fence: fence, Shared: shared));

    public Operation Write(string client, string key, long fence, string value, double invoked, double completed, OperationOutcome outcome = OperationOutcome.Ok, bool late = false) =>
        Add(new Operation(0, client, OperationKind.Write, "r", key, 0, invoked, completed, outcome, Status(outcome, 200), Fence: fence, Value: value, Late: late));

    public Operation Delete(string client, string key, long fence, double invoked, double completed, OperationOutcome outcome = OperationOutcome.Ok, bool late = false) =>
        Add(new Operation(0, client, OperationKind.Delete, "r", key, 0, invoked, completed, outcome, Status(outcome, 200), Fence: fence, Late: late));

    /// <summary>A read that found the key deleted: 404 with the tombstone's fence.</summary>
    public Operation ReadDeleted(string key, long fence, double invoked, double completed, string client = "reader") =>
        Add(new Operation(0, client, OperationKind.Read, null, key, 0, invoked, completed, OperationOutcome.Ok, 404, Fence: fence, Deleted: true));

    public Operation Read(string key, long? fence, string? value, double invoked, double completed, string client = "reader") =>
        Add(new Operation(0, client, OperationKind.Read, null, key, 0, invoked, completed, OperationOutcome.Ok, fence is null ? 404 : 200, Fence: fence, Value: value));

    public Operation Sample(string resource, long fence, bool held, string? holder, long? remainingMs, double invoked, double completed) =>
        Add(new Operation(0, "sampler", OperationKind.GetLease, resource, null, 0, invoked, completed, OperationOutcome.Ok, 200, Fence: fence, Held: held, Holder: holder, RemainingMs: remainingMs));

    /// <summary>Opens session <paramref name="session"/> for <paramref name="holder"/> (201 with its TTL).</summary>
    public Operation OpenSession(string client, string session, string holder, double invoked, double completed, long ttlMs = 1_000, OperationOutcome outcome = OperationOutcome.Ok) =>
        Add(new Operation(0, client, OperationKind.OpenSession, null, null, 0, invoked, completed, outcome, Status(outcome, 201),
            Holder: holder, SessionId: outcome == OperationOutcome.Ok ? session : null, TtlMs: outcome == OperationOutcome.Ok ? ttlMs : null));

    /// <summary>An acquire in a session: held by the session's holder, granted for what is left of it.</summary>
    public Operation AcquireInSession(string client, string session, string holder, string resource, long fence, string leaseId, double invoked, double completed, long ttlMs, OperationOutcome outcome = OperationOutcome.Ok) =>
        Add(new Operation(0, client, OperationKind.Acquire, resource, null, 0, invoked, completed, outcome, Status(outcome, 200),
            LeaseId: outcome == OperationOutcome.Ok ? leaseId : null, Fence: outcome == OperationOutcome.Ok ? fence : null, TtlMs: outcome == OperationOutcome.Ok ? ttlMs : null, Holder: holder, SessionId: session));

    /// <summary>A keep-alive: ok (200, the session open), or refused 410 <c>session-lost</c>.</summary>
    public Operation KeepAlive(string client, string session, string holder, double invoked, double completed, OperationOutcome outcome = OperationOutcome.Ok, long ttlMs = 1_000) =>
        Add(new Operation(0, client, OperationKind.KeepAliveSession, null, null, 0, invoked, completed, outcome, Status(outcome, 200, 410),
            Problem: outcome == OperationOutcome.Fail ? "session-lost" : null, Holder: holder, SessionId: session, TtlMs: outcome == OperationOutcome.Ok ? ttlMs : null));

    public Operation CloseSession(string client, string session, string holder, double invoked, double completed, int? released, OperationOutcome outcome = OperationOutcome.Ok) =>
        Add(new Operation(0, client, OperationKind.CloseSession, null, null, 0, invoked, completed, outcome, Status(outcome, 200),
            Holder: holder, SessionId: session, ReleasedLeases: outcome == OperationOutcome.Ok ? released : null));

    public Operation Add(Operation operation)
    {
        var numbered = operation with { Id = _operations.Count + 1 };
        _operations.Add(numbered);
        return numbered;
    }

    private static int Status(OperationOutcome outcome, int ok, int fail = 409) => outcome switch
    {
        OperationOutcome.Ok => ok,
        OperationOutcome.Fail => fail,
        _ => 504,
    };
}
