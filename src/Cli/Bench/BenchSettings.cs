namespace Leasehold.Cli.Bench;

/// <summary>One run of the load generator.</summary>
/// <param name="Endpoint">The API.</param>
/// <param name="Workload">What each client does.</param>
/// <param name="Connections">Concurrent clients, one keep-alive HTTP/1.1 connection each.</param>
/// <param name="Duration">How long results are recorded.</param>
/// <param name="Warmup">How long the clients run before recording starts.</param>
/// <param name="Leases">How many leases <see cref="BenchWorkload.Hold"/> acquires.</param>
/// <param name="Ttl">The TTL of every lease the run takes.</param>
/// <param name="ServerPid">A server process on this machine whose resident memory is reported before and after (Linux /proc).</param>
/// <param name="ApiKey">Sent as <c>Authorization: Bearer</c> to a server with <c>Auth:Mode=ApiKey</c>.</param>
internal sealed record BenchSettings(
    Uri Endpoint,
    BenchWorkload Workload,
    int Connections,
    TimeSpan Duration,
    TimeSpan Warmup,
    int Leases,
    TimeSpan Ttl,
    int? ServerPid,
    string? ApiKey = null);
