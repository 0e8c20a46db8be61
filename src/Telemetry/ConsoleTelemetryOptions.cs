namespace Leasehold.Telemetry;

/// <summary><c>Telemetry:Console</c>: the OpenTelemetry SDK's console exporter on standard output.</summary>
public sealed class ConsoleTelemetryOptions
{
    /// <summary>Print every span as it ends (and metrics, see <see cref="Metrics"/>). Default false.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// Print metrics too, when <see cref="Enabled"/>, every <c>OTEL_METRIC_EXPORT_INTERVAL</c> milliseconds. Default true.
    /// </summary>
    public bool Metrics { get; set; } = true;
}
