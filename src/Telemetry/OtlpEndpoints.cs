using OpenTelemetry.Exporter;

namespace Leasehold.Telemetry;

/// <summary>The OTLP exporter's options for one signal.</summary>
internal static class OtlpEndpoints
{
    public const string Traces = "v1/traces";
    public const string Metrics = "v1/metrics";
    public const string Logs = "v1/logs";

    /// <summary>
    /// The exporter's options for the signal at <paramref name="signalPath"/>. Over http/protobuf an endpoint given in code is
    /// used as is, so the signal path is appended here, as the OTLP specification says for <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>;
    /// over gRPC the base endpoint serves every signal.
    /// </summary>
    public static OtlpExporterOptions For(OtlpTelemetryOptions otlp, string signalPath)
    {
        var endpoint = new Uri(otlp.Endpoint!, UriKind.Absolute);
        var grpc = otlp.Protocol == OtlpTelemetryOptions.Grpc;
        return new OtlpExporterOptions
        {
            Protocol = grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf,
            Endpoint = grpc ? endpoint : new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath),
        };
    }
}
