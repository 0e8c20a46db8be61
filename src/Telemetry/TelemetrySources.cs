using Leasehold.Diagnostics;

namespace Leasehold.Telemetry;

/// <summary>The ActivitySources and Meters Leasehold subscribes to, besides the instrumentation packages' own.</summary>
internal static class TelemetrySources
{
    /// <summary>
    /// Leasehold's source, and Orleans' by name: they start producing once the silo runs on Microsoft Orleans
    /// (<c>Microsoft.Orleans.Runtime</c> for runtime and storage calls, <c>Microsoft.Orleans.Application</c> for grain calls).
    /// A name nobody produces under costs nothing.
    /// </summary>
    public static readonly string[] Traces = [LeaseholdDiagnostics.Name, "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];

    /// <summary>Leasehold's meter and Orleans' (by name, as above).</summary>
    public static readonly string[] Meters = [LeaseholdDiagnostics.Name, "Microsoft.Orleans"];

    /// <summary>The <c>service.name</c> when neither <c>OTEL_SERVICE_NAME</c> nor <c>OTEL_RESOURCE_ATTRIBUTES</c> names one.</summary>
    public const string DefaultServiceName = "leasehold";
}
