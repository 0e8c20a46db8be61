using System.Globalization;
using Leasehold.Chaos.Recording;

namespace Leasehold.Chaos.Checking;

/// <summary>
/// A semaphore's permit slot <c>i</c> is the lease on <c>semaphore:NAME:i</c>, so its operations have the lease
/// operations' shapes: an acquire grants (or re-grants) the slot's lease, a renew renews it, a release releases it, and
/// the sampler reads each slot through the lease route. An acquire of unknown outcome named no slot, so it may have
/// acquired (or extended) any: it counts as a possible acquire of every slot. Seen so, one holder per slot at a time is
/// the lease checks as they stand; <see cref="SemaphorePermits"/> adds "never more than N at once".
/// </summary>
public static class SemaphoresAsLeases
{
    private const string Prefix = "semaphore:";

    /// <summary>The history with each semaphore operation given the kind (and, for an unknown acquire, the slots) of the lease operations it is.</summary>
    public static IReadOnlyList<Operation> View(IReadOnlyList<Operation> operations) =>
        [.. operations.SelectMany(o => o.Kind switch
        {
            OperationKind.AcquirePermit when o is { Outcome: OperationOutcome.Unknown, Permits: { } permits } && NameOf(o) is { } name =>
                Enumerable.Range(0, permits).Select(slot => o with { Kind = OperationKind.Acquire, Resource = SlotResource(name, slot) }),
            OperationKind.AcquirePermit => [o with { Kind = OperationKind.Acquire }],
            OperationKind.RenewPermit => [o with { Kind = OperationKind.Renew }],
            OperationKind.ReleasePermit => [o with { Kind = OperationKind.Release }],
            _ => [o],
        })];

    /// <summary>The anomalies, said of permits where they involve a semaphore's operations.</summary>
    public static IEnumerable<Anomaly> Restore(IEnumerable<Anomaly> anomalies) =>
        anomalies.Select(a => a.Operations.Any(o => o.Kind is OperationKind.AcquirePermit or OperationKind.RenewPermit or OperationKind.ReleasePermit)
            ? a with { Description = $"Two holders of one permit slot: {a.Description}" }
            : a);

    /// <summary>The semaphore an operation on <c>semaphore:NAME</c> or <c>semaphore:NAME:SLOT</c> belongs to; null for any other resource.</summary>
    internal static string? NameOf(Operation operation) => operation.Resource is { } resource && resource.StartsWith(Prefix, StringComparison.Ordinal)
        ? (SlotOf(resource) is null ? resource[Prefix.Length..] : resource[Prefix.Length..resource.LastIndexOf(':')])
        : null;

    /// <summary>The slot of <c>semaphore:NAME:SLOT</c>; null for a resource without one.</summary>
    internal static int? SlotOf(string resource)
    {
        var colon = resource.LastIndexOf(':');
        return colon >= Prefix.Length && int.TryParse(resource.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var slot) ? slot : null;
    }

    internal static string SlotResource(string name, int slot) => $"{Prefix}{name}:{slot.ToString(CultureInfo.InvariantCulture)}";
}
