namespace Leasehold.Telemetry;

/// <summary>
/// Where traces, metrics and logs go; bound from the <c>Telemetry</c> section. With no exporter on, no span is
/// recorded by Leasehold's source at all. The OTLP endpoint and protocol fall back to the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> and <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> when the section does not set them.
/// </summary>
public sealed class TelemetryOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Telemetry";

    /// <summary>The <c>service.name</c> resource attribute. Default <c>leasehold</c>.</summary>
    public string ServiceName { get; set; } = "leasehold";

    /// <summary>How long finished spans and log records wait to be sent to OTLP in one batch. Default 5 s.</summary>
    public TimeSpan ExportInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often metrics are collected and exported (OTLP and console). Default 60 s.</summary>
    public TimeSpan MetricExportInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The readable console exporter.</summary>
    public ConsoleTelemetryOptions Console { get; } = new();

    /// <summary>The OTLP exporter.</summary>
    public OtlpTelemetryOptions Otlp { get; } = new();

    /// <summary>True when some exporter is on.</summary>
    public bool AnyExporter => Console.Enabled || Otlp.Enabled;
}
