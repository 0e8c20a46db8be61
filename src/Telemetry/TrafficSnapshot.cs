namespace Leasehold.Telemetry;

/// <summary>Rates per second over the last <paramref name="WindowSeconds"/> seconds, and totals since the silo started.</summary>
public sealed record TrafficSnapshot(
    double RequestsPerSecond,
    double GrantsPerSecond,
    double RejectionsPerSecond,
    long Requests,
    long Grants,
    long Rejections,
    int WindowSeconds);
