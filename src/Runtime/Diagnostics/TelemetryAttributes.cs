namespace Leasehold.Runtime.Diagnostics;

/// <summary>Attribute (tag) names on Leasehold's spans and metrics, namespaced as OpenTelemetry asks.</summary>
public static class TelemetryAttributes
{
    public const string Silo = "leasehold.silo";
    public const string SiloStatus = "leasehold.silo.status";
    public const string SiloStatusFrom = "leasehold.silo.status.previous";
    public const string MembershipVersion = "leasehold.membership.version";
    public const string ActiveSilos = "leasehold.membership.active_silos";
    public const string GrainId = "leasehold.grain.id";
    public const string GrainMethod = "leasehold.grain.method";
    public const string LeaseResource = "leasehold.lease.resource";
    public const string LeaseHolder = "leasehold.lease.holder";
    public const string Fence = "leasehold.fence";
    public const string HighestFence = "leasehold.fence.highest";
    public const string ObjectKey = "leasehold.object.key";
    public const string WriteOutcome = "leasehold.write.outcome";
    public const string RejectionReason = "leasehold.rejection.reason";

    /// <summary>OpenTelemetry's general attribute for the class of an error.</summary>
    public const string ErrorType = "error.type";
}
