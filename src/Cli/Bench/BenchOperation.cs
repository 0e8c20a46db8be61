namespace Leasehold.Cli.Bench;

/// <summary>The requests the load generator times, each in its own histogram; <see cref="Cycle"/> is acquire through release.</summary>
internal enum BenchOperation
{
    Acquire,
    Release,
    Renew,
    Write,
    Read,
    Cycle,
    Ping,
}
