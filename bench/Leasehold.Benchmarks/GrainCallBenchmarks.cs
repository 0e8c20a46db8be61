using BenchmarkDotNet.Attributes;

namespace Leasehold.Benchmarks;

/// <summary>
/// Grain calls on Orleans: one at a time (latency), and a thousand in flight at once (throughput; the reported time is per
/// call). Through a co-hosted silo's grain factory (as the API host calls its grains) and through the client of a
/// two-silo cluster (as an API node in the client role does), to <see cref="IPingGrain"/>.
/// </summary>
[MemoryDiagnoser]
public class GrainCallBenchmarks
{
    private const int Concurrent = 1000;
    private BenchSilos _coHosted = null!;
    private BenchSilos _cluster = null!;
    private IPingGrain _local = null!;
    private IPingGrain _remote = null!;
    private IPingGrain[] _localMany = null!;
    private IPingGrain[] _remoteMany = null!;
    private readonly Task<int>[] _calls = new Task<int>[Concurrent];

    // The in-process toolchain of BenchmarkDotNet does not await an async setup or cleanup: block on it here.
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        _coHosted = await BenchSilos.StartCoHostedAsync();
        _cluster = await BenchSilos.StartClusterAsync();
        _local = _coHosted.Grains.GetGrain<IPingGrain>("local");
        _remote = _cluster.Grains.GetGrain<IPingGrain>("remote");

        // Many grains, so concurrent calls run in many activations (one activation runs one turn at a time); in the
        // cluster, Orleans' random placement spreads them over both silos.
        _localMany = [.. Enumerable.Range(0, 64).Select(i => _coHosted.Grains.GetGrain<IPingGrain>($"local-{i}"))];
        _remoteMany = [.. Enumerable.Range(0, 64).Select(i => _cluster.Grains.GetGrain<IPingGrain>($"remote-{i}"))];
        await _local.PingAsync(0);
        await _remote.PingAsync(0);
        await Task.WhenAll(_localMany.Concat(_remoteMany).Select(g => g.PingAsync(0)));
    }

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    private async Task CleanupAsync()
    {
        await _coHosted.DisposeAsync();
        await _cluster.DisposeAsync();
    }

    [Benchmark(Description = "co-hosted silo call")]
    public Task<int> CoHosted() => _local.PingAsync(1);

    /// <summary>As the HTTP API calls grains: a new reference per request (GetGrain), then the call.</summary>
    [Benchmark(Description = "co-hosted silo call, new reference")]
    public Task<int> CoHostedNewReference() => _coHosted.Grains.GetGrain<IPingGrain>("local").PingAsync(1);

    [Benchmark(Description = "co-hosted silo calls, 1000 in flight", OperationsPerInvoke = Concurrent)]
    public Task<int[]> CoHostedConcurrent() => Fan(_localMany);

    [Benchmark(Description = "2-silo cluster client call")]
    public Task<int> ClusterClient() => _remote.PingAsync(1);

    [Benchmark(Description = "2-silo cluster client calls, 1000 in flight", OperationsPerInvoke = Concurrent)]
    public Task<int[]> ClusterClientConcurrent() => Fan(_remoteMany);

    private Task<int[]> Fan(IPingGrain[] grains)
    {
        for (var i = 0; i < Concurrent; i++)
        {
            _calls[i] = grains[i % grains.Length].PingAsync(i);
        }

        return Task.WhenAll(_calls);
    }
}
