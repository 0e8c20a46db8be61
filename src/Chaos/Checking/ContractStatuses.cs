using Leasehold.Chaos.Recording;

namespace Leasehold.Chaos.Checking;

/// <summary>
/// Every answer is one the API contract allows for the operation, also under faults: a grant, a refusal, 503
/// (nothing happened) or 504 (outcome unknown). A 500 or a 403 for a token the service issued is a bug even if
/// no safety property broke. Status 0 (no answer) is the network's doing and is allowed. A write under a shared
/// (reader's) token is answered 403 <c>shared-lease</c>. A session the workload opened is never unknown to the service
/// (its open was acknowledged, so it is durable): keep-alives answer 200 or 410, a close 200 (also of an ended session).
/// </summary>
public static class ContractStatuses
{
    private static readonly Dictionary<OperationKind, int[]> Allowed = new()
    {
        [OperationKind.Acquire] = [200, 409],
        [OperationKind.Renew] = [200, 410],
        [OperationKind.Release] = [204, 410],
        [OperationKind.Write] = [200, 409],
        [OperationKind.Delete] = [200, 409],
        [OperationKind.Read] = [200, 404],
        [OperationKind.GetLease] = [200],
        [OperationKind.Campaign] = [200, 409],
        [OperationKind.Proclaim] = [200, 410],
        [OperationKind.Resign] = [204, 410],
        [OperationKind.GetLeader] = [200, 404],
        [OperationKind.AcquirePermit] = [200, 409],
        [OperationKind.RenewPermit] = [200, 410],
        [OperationKind.ReleasePermit] = [204, 410],
        [OperationKind.OpenSession] = [201],
        [OperationKind.KeepAliveSession] = [200, 410],
        [OperationKind.CloseSession] = [200],
    };

    // An acquire in a session is also refused 410 session-lost once the session has ended.
    private static readonly int[] AllowedForSessionAcquires = [200, 409, 410];

    // A write or delete under a reader's token is refused with 403 shared-lease; a 200 is SharedWrites' anomaly, not this one's.
    private static readonly int[] AllowedForSharedWrites = [200, 403];

    public static IEnumerable<Anomaly> Check(IReadOnlyList<Operation> operations) =>
        operations
            .Where(o => o.Status is not (0 or 503 or 504)
                && !(o switch
                {
                    { Kind: OperationKind.Write or OperationKind.Delete, Shared: true } => AllowedForSharedWrites,
                    { Kind: OperationKind.Acquire, SessionId: not null } => AllowedForSessionAcquires,
                    _ => Allowed[o.Kind],
                }).Contains(o.Status))
            .Select(o => Anomaly.Of(AnomalyKind.OutsideContract, $"{Operation.KindName(o.Kind)} answered {o.Status}{(o.Problem is null ? string.Empty : $" ({o.Problem})")}, which its contract does not allow.", o));
}
