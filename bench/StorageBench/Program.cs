using System.Diagnostics;
using System.Globalization;
using Leasehold.Storage;
using Leasehold.StorageBench;

// A closed-loop load: each writer sends one fenced write, waits for its durable acknowledgement, sends the next.
BenchSettings settings;
try
{
    settings = BenchSettings.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(BenchSettings.Usage);
    return 2;
}

Console.WriteLine($"{Environment.ProcessorCount} cores, {settings.Duration.TotalSeconds:0.#} s per run, 64-byte values, one key per writer");
Console.WriteLine("| provider | group commit | writers | writes/s | p50 ms | p99 ms |");
Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: |");
foreach (var provider in settings.Providers)
{
    // One unrecorded run first: JIT, the connection pool and the server's caches warm up outside the figures.
    await using (var warmUp = await StorageUnderLoad.OpenAsync(provider, 256, settings.PostgresConnectionString))
    {
        await MeasureAsync(warmUp.Objects, 16, TimeSpan.FromSeconds(1));
    }

    foreach (var batch in settings.BatchSizes)
    {
        foreach (var writers in settings.Writers)
        {
            await using var storage = await StorageUnderLoad.OpenAsync(provider, batch, settings.PostgresConnectionString);
            var result = await MeasureAsync(storage.Objects, writers, settings.Duration);
            var mode = batch == 1 ? "off (batch 1)" : $"on (batch ≤ {batch})";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {provider} | {mode} | {writers} | {result.WritesPerSecond:0} | {result.P50.TotalMilliseconds:0.00} | {result.P99.TotalMilliseconds:0.00} |"));
        }
    }
}

return 0;

static async Task<(double WritesPerSecond, TimeSpan P50, TimeSpan P99)> MeasureAsync(IFencedObjectStore objects, int writers, TimeSpan duration)
{
    var value = new byte[64];
    var measuring = false;
    var latencies = new List<TimeSpan>[writers];
    using var stop = new CancellationTokenSource();
    var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
    {
        latencies[w] = [];
        for (long fence = 1; !stop.IsCancellationRequested; fence++)
        {
            var start = Stopwatch.GetTimestamp();
            var result = await objects.WriteAsync(new FencedWrite($"key-{w}", "bench", fence, value, "application/octet-stream"), CancellationToken.None);
            if (result.Outcome != FencedWriteOutcome.Accepted)
            {
                throw new InvalidOperationException($"Write {fence} of writer {w} was {result.Outcome}.");
            }

            if (Volatile.Read(ref measuring))
            {
                latencies[w].Add(Stopwatch.GetElapsedTime(start));
            }
        }
    })).ToArray();

    // Warm up (connections, prepared statements, a fresh table's first pages), then count only what completes inside the window.
    await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, duration.TotalSeconds / 5)));
    Volatile.Write(ref measuring, true);
    var window = Stopwatch.StartNew();
    await Task.Delay(duration);
    Volatile.Write(ref measuring, false);
    var elapsed = window.Elapsed;
    await stop.CancelAsync();
    await Task.WhenAll(tasks);

    var all = latencies.SelectMany(l => l).Order().ToArray();
    return all.Length == 0
        ? (0, TimeSpan.Zero, TimeSpan.Zero)
        : (all.Length / elapsed.TotalSeconds, all[all.Length / 2], all[Math.Min(all.Length - 1, (int)(all.Length * 0.99))]);
}
