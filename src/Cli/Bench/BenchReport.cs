using System.Text.Json;
using System.Text.Json.Serialization;

namespace Leasehold.Cli.Bench;

/// <summary>
/// What one run of <c>leasehold bench</c> measured; printed as a table or as JSON. <c>Throughput</c> is units
/// (<c>Unit</c>: cycles, writes, ...) per second over the recorded duration; <c>Errors</c> counts failed requests
/// inside the recording window by HTTP status ("409") or "transport" / "timeout". Client <c>i</c> of run <c>RunId</c>
/// holds the lease on resource <c>bench-RunId-i</c> and writes key <c>bench-RunId-i.obj</c>.
/// </summary>
internal sealed record BenchReport(
    string RunId,
    string Workload,
    string Endpoint,
    int Connections,
    double WarmupSeconds,
    double DurationSeconds,
    string Unit,
    long Units,
    double Throughput,
    IReadOnlyList<OperationReport> Operations,
    IReadOnlyDictionary<string, long> Errors,
    ServerMemory? ServerMemory,
    ServerCpu? ServerCpu);

/// <summary>Latency of one kind of request, in milliseconds (histogram precision: 0.8 %).</summary>
internal sealed record OperationReport(
    string Operation,
    long Count,
    double PerSecond,
    double MeanMs,
    double P50Ms,
    double P99Ms,
    double P999Ms,
    double MaxMs);

/// <summary>The server's resident memory (Linux /proc/PID/status) before and after the run.</summary>
internal sealed record ServerMemory(int Pid, long RssBeforeBytes, long RssAfterBytes, long PeakRssBytes);

/// <summary>
/// CPU time the server used while results were recorded, per unit of throughput (in microseconds) and in cores on
/// average: the cost of a request, which moves much less than throughput when other work shares the machine.
/// </summary>
internal sealed record ServerCpu(int Pid, double CpuSeconds, double Cores, double MicrosecondsPerUnit);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(BenchReport))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
