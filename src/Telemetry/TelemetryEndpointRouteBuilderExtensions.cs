using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Leasehold.Telemetry;

/// <summary>Telemetry's part of the HTTP surface.</summary>
public static class TelemetryEndpointRouteBuilderExtensions
{
    /// <summary>
    /// With <c>Telemetry:Prometheus:Enabled</c>, maps the Prometheus scrape endpoint at <c>/metrics</c>. Returns the
    /// endpoint's builder so the caller can protect it (null when off).
    /// </summary>
    public static IEndpointConventionBuilder? MapLeaseholdTelemetry(this WebApplication app) =>
        app.Services.GetRequiredService<TelemetryOptions>().Prometheus.Enabled
            ? app.MapPrometheusScrapingEndpoint(PrometheusTelemetryOptions.Path)
            : null;
}
