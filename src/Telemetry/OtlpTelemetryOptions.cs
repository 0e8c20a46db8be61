namespace Leasehold.Telemetry;

/// <summary><c>Telemetry:Otlp</c>: the OpenTelemetry protocol exporter, for traces, metrics and logs.</summary>
public sealed class OtlpTelemetryOptions
{
    /// <summary>The standard environment variable naming the collector's base endpoint.</summary>
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The standard environment variable naming the protocol.</summary>
    public const string ProtocolVariable = "OTEL_EXPORTER_OTLP_PROTOCOL";

    /// <summary>OTLP over HTTP with protobuf bodies (the default; collectors listen on port 4318).</summary>
    public const string HttpProtobuf = "http/protobuf";

    /// <summary>OTLP over gRPC (collectors listen on port 4317).</summary>
    public const string Grpc = "grpc";

    /// <summary>
    /// The collector's base URL, e.g. <c>http://127.0.0.1:4318</c>. For http/protobuf the signal paths
    /// (<c>/v1/traces</c>, <c>/v1/metrics</c>, <c>/v1/logs</c>) are appended. Empty: OTLP is off unless
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
    /// </summary>
    public string? Endpoint { get; set; }

    /// <summary><c>http/protobuf</c> or <c>grpc</c>. Empty: <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, else http/protobuf.</summary>
    public string? Protocol { get; set; }

    /// <summary>True when an endpoint is set.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Endpoint);
}
