using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Leasehold.Telemetry;

/// <summary>Reads <see cref="TelemetryOptions"/> from configuration, with the OTEL_ fallbacks, and checks them.</summary>
public static class TelemetryOptionsReader
{
    /// <summary>
    /// Binds <c>Telemetry</c>; an OTLP endpoint or protocol it leaves empty comes from <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> /
    /// <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> (environment variables are part of the host's configuration). Throws
    /// <see cref="OptionsValidationException"/> naming the key of a bad value.
    /// </summary>
    public static TelemetryOptions Read(IConfiguration configuration)
    {
        var options = new TelemetryOptions();
        configuration.GetSection(TelemetryOptions.Section).Bind(options);
        var otlp = options.Otlp;
        if (string.IsNullOrWhiteSpace(otlp.Endpoint))
        {
            otlp.Endpoint = configuration[OtlpTelemetryOptions.EndpointVariable];
        }

        if (string.IsNullOrWhiteSpace(otlp.Protocol))
        {
            otlp.Protocol = configuration[OtlpTelemetryOptions.ProtocolVariable];
        }

        otlp.Protocol = string.IsNullOrWhiteSpace(otlp.Protocol) ? OtlpTelemetryOptions.HttpProtobuf : otlp.Protocol.Trim().ToLowerInvariant();
        var failures = Validate(options).ToList();
        return failures.Count == 0 ? options : throw new OptionsValidationException(TelemetryOptions.Section, typeof(TelemetryOptions), failures);
    }

    private static IEnumerable<string> Validate(TelemetryOptions options)
    {
        var otlp = options.Otlp;
        if (otlp.Protocol is not (OtlpTelemetryOptions.HttpProtobuf or OtlpTelemetryOptions.Grpc))
        {
            yield return $"Telemetry:Otlp:Protocol '{otlp.Protocol}' is not an OTLP protocol; use http/protobuf or grpc.";
        }

        if (otlp.Enabled && (!Uri.TryCreate(otlp.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https")))
        {
            yield return $"Telemetry:Otlp:Endpoint '{otlp.Endpoint}' is not an http or https URL.";
        }

        if (options.ExportInterval <= TimeSpan.Zero)
        {
            yield return "Telemetry:ExportInterval must be positive.";
        }

        if (options.MetricExportInterval <= TimeSpan.Zero)
        {
            yield return "Telemetry:MetricExportInterval must be positive.";
        }

        if (string.IsNullOrWhiteSpace(options.ServiceName))
        {
            yield return "Telemetry:ServiceName must not be empty.";
        }
    }
}
