using Leasehold.Chaos.Recording;

namespace Leasehold.Chaos.Checking;

/// <summary>
/// An election is the lease on <c>election:NAME</c>, so its operations have the lease operations' shapes: a campaign
/// grants (or re-grants) the lease, a proclaim renews it by its TTL, a resign releases it, and a leader sample reports
/// it held with its time left, or not held with its latest fence. Seen so, election safety is the lease checks as they
/// stand: <see cref="FenceUniqueness"/> (one leader per fence) and <see cref="LeaseExclusion"/> (no newer leader while
/// the service still held an older leader's term unexpired: two leaders by the same clock bound).
/// </summary>
public static class ElectionsAsLeases
{
    /// <summary>The history with each election operation given the kind of the lease operation it is.</summary>
    public static IReadOnlyList<Operation> View(IReadOnlyList<Operation> operations) =>
        [.. operations.Select(o => LeaseKindOf(o.Kind) is var kind && kind != o.Kind ? o with { Kind = kind } : o)];

    /// <summary>The anomalies found in <see cref="View"/>, naming the operations as they were recorded.</summary>
    public static IEnumerable<Anomaly> Restore(IEnumerable<Anomaly> anomalies, IReadOnlyList<Operation> recorded)
    {
        var byId = recorded.ToDictionary(o => o.Id);
        foreach (var anomaly in anomalies)
        {
            var operations = anomaly.Operations.Select(o => byId[o.Id]).ToList();
            var election = operations.Any(o => o.Kind != LeaseKindOf(o.Kind));
            yield return anomaly with
            {
                Operations = operations,
                Description = election ? $"Two leaders: {anomaly.Description}" : anomaly.Description,
            };
        }
    }

    private static OperationKind LeaseKindOf(OperationKind kind) => kind switch
    {
        OperationKind.Campaign => OperationKind.Acquire,
        OperationKind.Proclaim => OperationKind.Renew,
        OperationKind.Resign => OperationKind.Release,
        OperationKind.GetLeader => OperationKind.GetLease,
        _ => kind,
    };
}
