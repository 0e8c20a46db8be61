namespace Leasehold.Telemetry;

/// <summary><c>Telemetry:Prometheus</c>: a scrape endpoint serving every metric in Prometheus' text format.</summary>
public sealed class PrometheusTelemetryOptions
{
    /// <summary>The path the scrape endpoint is mapped at.</summary>
    public const string Path = "/metrics";

    /// <summary>Serve <c>GET /metrics</c> on the API port. Default false.</summary>
    public bool Enabled { get; set; }
}
