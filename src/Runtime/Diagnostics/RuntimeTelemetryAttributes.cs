namespace Leasehold.Runtime.Diagnostics;

/// <summary>
/// Attribute (tag) names on the home-made runtime's grain-call and membership spans and metrics; the grains' own are
/// Leasehold.Diagnostics.TelemetryAttributes (src/Grains). Goes with this runtime.
/// </summary>
public static class RuntimeTelemetryAttributes
{
    public const string Silo = "leasehold.silo";
    public const string SiloStatus = "leasehold.silo.status";
    public const string SiloStatusFrom = "leasehold.silo.status.previous";
    public const string MembershipVersion = "leasehold.membership.version";
    public const string ActiveSilos = "leasehold.membership.active_silos";
    public const string GrainId = "leasehold.grain.id";
    public const string GrainMethod = "leasehold.grain.method";

    /// <summary>OpenTelemetry's general attribute for the class of an error.</summary>
    public const string ErrorType = "error.type";
}
