namespace Leasehold.Diagnostics;

/// <summary>Attribute (tag) names on Leasehold's lease and fenced-write spans and metrics, namespaced as OpenTelemetry asks.</summary>
public static class TelemetryAttributes
{
    public const string LeaseResource = "leasehold.lease.resource";
    public const string LeaseHolder = "leasehold.lease.holder";
    public const string Fence = "leasehold.fence";
    public const string HighestFence = "leasehold.fence.highest";
    public const string ObjectKey = "leasehold.object.key";
    public const string WriteOutcome = "leasehold.write.outcome";
    public const string RejectionReason = "leasehold.rejection.reason";
}
