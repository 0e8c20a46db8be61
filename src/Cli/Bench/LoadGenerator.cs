using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Leasehold.Cli.Bench;

/// <summary>
/// Drives the HTTP API with N concurrent clients, each over its own HTTP/1.1 keep-alive connection
/// (<see cref="BenchConnection"/>) sending one request at a time, so N is both the concurrency and the number of connections. Reports throughput and
/// latency percentiles per request kind, and errors by status.
/// </summary>
internal sealed class LoadGenerator(BenchSettings settings)
{
    /// <summary>How often <see cref="RunAsync"/> reports progress.</summary>
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

    /// <summary>A request without an answer this long counts as a timeout, and its connection is replaced.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs the workload; <paramref name="progress"/> gets one line a second while it runs.</summary>
    public async Task<BenchReport> RunAsync(Action<string> progress, CancellationToken cancellationToken)
    {
        var rssBefore = settings.ServerPid is { } pid ? ProcessMemory.ReadRss(pid) : null;
        var hold = settings.Workload == BenchWorkload.Hold;
        var window = hold ? new BenchWindow(TimeSpan.Zero, duration: null) : new BenchWindow(settings.Warmup, settings.Duration);
        var runId = Convert.ToHexStringLower(BitConverter.GetBytes(Stopwatch.GetTimestamp()))[..8];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var clients = Enumerable.Range(0, settings.Connections)
            .Select(i => new BenchClient(new BenchConnection(settings.Endpoint, settings.ApiKey, RequestTimeout, stop.Token), window, runId, i, settings.Ttl, nameHolders: settings.ApiKey is null))
            .ToList();
        var nextHold = -1;
        int? NextHoldIndex()
        {
            var index = Interlocked.Increment(ref nextHold);
            return index < settings.Leases ? index : null;
        }

        var cpu = settings.ServerPid is { } cpuPid ? MeasureCpuAsync(cpuPid, window, hold, stop.Token) : Task.FromResult<TimeSpan?>(null);
        var running = Task.WhenAll(clients.Select(c => Task.Run(() => c.RunAsync(settings.Workload, NextHoldIndex, runId), stop.Token)));
        using (var ticker = new PeriodicTimer(ProgressInterval))
        {
            while (!running.IsCompleted)
            {
                var tick = ticker.WaitForNextTickAsync(stop.Token).AsTask();
                await Task.WhenAny(tick, running).ConfigureAwait(false);
                if (!running.IsCompleted)
                {
                    progress(ProgressLine(window, clients, hold));
                }
            }
        }

        window.Close();
        try
        {
            await running.ConfigureAwait(false);
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync().ConfigureAwait(false);
            }
        }

        var cpuUsed = await cpu.ConfigureAwait(false);
        var recorded = hold ? Stopwatch.GetElapsedTime(window.Started) : settings.Duration;
        ServerMemory? memory = null;
        if (settings.ServerPid is { } serverPid && rssBefore is { } before && ProcessMemory.ReadRss(serverPid) is { } after)
        {
            memory = new ServerMemory(serverPid, before, after, ProcessMemory.ReadPeakRss(serverPid) ?? after);
        }

        return Summarize(settings, runId, clients, recorded, memory, cpuUsed);
    }

    internal static BenchReport Summarize(BenchSettings settings, string runId, IReadOnlyList<BenchClient> clients, TimeSpan recorded, ServerMemory? memory, TimeSpan? cpuUsed)
    {
        var seconds = Math.Max(recorded.TotalSeconds, 1e-9);
        var operations = new List<OperationReport>();
        foreach (var operation in Enum.GetValues<BenchOperation>())
        {
            var merged = new LatencyHistogram();
            foreach (var client in clients)
            {
                merged.Add(client.HistogramOf(operation));
            }

            if (merged.Count > 0)
            {
                operations.Add(new OperationReport(
                    operation.ToString().ToLowerInvariant(),
                    merged.Count,
                    merged.Count / seconds,
                    merged.MeanMicroseconds / 1000.0,
                    merged.ValueAtPercentile(50) / 1000.0,
                    merged.ValueAtPercentile(99) / 1000.0,
                    merged.ValueAtPercentile(99.9) / 1000.0,
                    merged.MaxMicroseconds / 1000.0));
            }
        }

        var errors = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (status, count) in clients.SelectMany(c => c.Errors))
        {
            errors[status] = errors.GetValueOrDefault(status) + count;
        }

        var units = clients.Sum(c => c.Units);
        var serverCpu = settings.ServerPid is { } pid && cpuUsed is { } used
            ? new ServerCpu(pid, used.TotalSeconds, used.TotalSeconds / seconds, units == 0 ? 0 : used.TotalMicroseconds / units)
            : null;
        return new BenchReport(
            runId,
            BenchWorkloads.NameOf(settings.Workload),
            settings.Endpoint.ToString(),
            settings.Connections,
            settings.Workload == BenchWorkload.Hold ? 0 : settings.Warmup.TotalSeconds,
            recorded.TotalSeconds,
            BenchWorkloads.UnitOf(settings.Workload),
            units,
            units / seconds,
            operations,
            errors,
            memory,
            serverCpu);
    }

    /// <summary>The server's CPU time over the recording window (the whole run for hold); null if it cannot be read.</summary>
    private static async Task<TimeSpan?> MeasureCpuAsync(int pid, BenchWindow window, bool hold, CancellationToken cancellationToken)
    {
        try
        {
            while (!hold && window.WarmingUp)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(10), cancellationToken).ConfigureAwait(false);
            }

            var before = ProcessMemory.ReadCpuTime(pid);
            while (window.Running)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(10), cancellationToken).ConfigureAwait(false);
            }

            return ProcessMemory.ReadCpuTime(pid) - before;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private static string ProgressLine(BenchWindow window, List<BenchClient> clients, bool hold)
    {
        var units = clients.Sum(c => c.Units);
        var errors = clients.Sum(c => c.Errors.Values.Sum());
        var elapsed = hold ? Stopwatch.GetElapsedTime(window.Started) : window.Recorded;
        if (!hold && window.WarmingUp)
        {
            return $"warming up {Stopwatch.GetElapsedTime(window.Started).TotalSeconds:0}s";
        }

        var rate = elapsed > TimeSpan.Zero ? units / elapsed.TotalSeconds : 0;
        return string.Create(CultureInfo.InvariantCulture, $"{elapsed.TotalSeconds,5:0}s  {units,12:N0} done  {rate,10:N0}/s  errors {errors:N0}");
    }
}
