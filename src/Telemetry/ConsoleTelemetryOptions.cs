namespace Leasehold.Telemetry;

/// <summary><c>Telemetry:Console</c>: spans (as they end) and metrics (every <see cref="TelemetryOptions.MetricExportInterval"/>) on standard output.</summary>
public sealed class ConsoleTelemetryOptions
{
    /// <summary>Print spans and metrics. Default false.</summary>
    public bool Enabled { get; set; }

    /// <summary>Print metrics too, when <see cref="Enabled"/>. Default true.</summary>
    public bool Metrics { get; set; } = true;
}
