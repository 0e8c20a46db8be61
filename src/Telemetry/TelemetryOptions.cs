using Microsoft.Extensions.Configuration;

namespace Leasehold.Telemetry;

/// <summary>
/// Leasehold's own telemetry keys, bound from the <c>Telemetry</c> section. They only add exporters the OpenTelemetry
/// specification has no variable for; everything else (OTLP endpoint, protocol, headers, intervals, sampler, resource,
/// <c>OTEL_SDK_DISABLED</c>) is the SDK's, read by it from the standard <c>OTEL_</c> variables.
/// </summary>
public sealed class TelemetryOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Telemetry";

    /// <summary>The SDK's console exporter.</summary>
    public ConsoleTelemetryOptions Console { get; } = new();

    /// <summary>The Prometheus scrape endpoint.</summary>
    public PrometheusTelemetryOptions Prometheus { get; } = new();

    /// <summary>Binds the section. A value that is not a bool throws, naming its key.</summary>
    public static TelemetryOptions Read(IConfiguration configuration)
    {
        var options = new TelemetryOptions();
        configuration.GetSection(Section).Bind(options);
        return options;
    }
}
