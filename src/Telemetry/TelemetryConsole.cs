namespace Leasehold.Telemetry;

/// <summary>Where the console exporter writes: standard output, unless a test registers another writer.</summary>
public sealed record TelemetryConsole(TextWriter Writer);
