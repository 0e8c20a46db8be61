using Leasehold.Chaos.Recording;

namespace Leasehold.Chaos.Checking;

/// <summary>
/// (vi) No write under a shared lease. A reader's token carries its mode under the signature, and the store refuses a write
/// or delete under it; many readers hold one fence at once, so a write under one would not be fenced against the others.
/// Only acknowledged writes count: an unknown outcome may have been refused.
/// </summary>
public static class SharedWrites
{
    public static IEnumerable<Anomaly> Check(IReadOnlyList<Operation> operations) =>
        operations
            .Where(o => o is { Kind: OperationKind.Write or OperationKind.Delete, Shared: true, Outcome: OperationOutcome.Ok })
            .Select(o => Anomaly.Of(AnomalyKind.SharedWriteAccepted,
                $"A {Operation.KindName(o.Kind)} of '{o.Key}' under a shared lease (fence {o.Fence}) was acknowledged; only an exclusive holder may write.", o));
}
