using BenchmarkDotNet.Attributes;
using Leasehold.Runtime;

namespace Leasehold.Benchmarks;

/// <summary>
/// Grain calls through the proxy, the router and the activation's turn: one at a time (latency), and a thousand in
/// flight at once (throughput; the reported time is per call). Cross-silo calls go from silo A to a grain placed on
/// silo B over loopback TCP, serialized both ways.
/// </summary>
[MemoryDiagnoser]
public class GrainCallBenchmarks
{
    private const int Concurrent = 1000;
    private BenchSilos _one = null!;
    private BenchSilos _two = null!;
    private IPingGrain _local = null!;
    private IPingGrain _remote = null!;
    private IPingGrain[] _localMany = null!;
    private IPingGrain[] _remoteMany = null!;
    private readonly Task<int>[] _calls = new Task<int>[Concurrent];

    // The in-process toolchain of BenchmarkDotNet 0.14 does not await an async setup or cleanup: block on it here.
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        _one = await BenchSilos.StartAsync(1);
        _two = await BenchSilos.StartAsync(2);
        _local = _one.GrainsOf(0).GetGrain<IPingGrain>("local");
        _remote = _two.GrainsOf(0).GetGrain<IPingGrain>(_two.KeyOwnedBy<IPingGrain>(owner: 1));

        // Many grains, so concurrent calls run in many activations (one activation runs one turn at a time).
        _localMany = [.. Enumerable.Range(0, 64).Select(i => _one.GrainsOf(0).GetGrain<IPingGrain>($"local-{i}"))];
        _remoteMany = [.. Enumerable.Range(0, 64).Select(i => _two.GrainsOf(0).GetGrain<IPingGrain>(_two.KeyOwnedBy<IPingGrain>(owner: 1, prefix: $"remote-{i}")))];
        await _local.PingAsync(0);
        await _remote.PingAsync(0);
        await Task.WhenAll(_localMany.Concat(_remoteMany).Select(g => g.PingAsync(0)));
    }

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    private async Task CleanupAsync()
    {
        await _one.DisposeAsync();
        await _two.DisposeAsync();
    }

    [Benchmark(Description = "in-silo call")]
    public Task<int> InSilo() => _local.PingAsync(1);

    /// <summary>As the HTTP API calls grains: a new reference per request (GetGrain), then the call.</summary>
    [Benchmark(Description = "in-silo call, new reference")]
    public Task<int> InSiloNewReference() => _one.GrainsOf(0).GetGrain<IPingGrain>("local").PingAsync(1);

    [Benchmark(Description = "in-silo calls, 1000 in flight", OperationsPerInvoke = Concurrent)]
    public Task<int[]> InSiloConcurrent() => Fan(_localMany);

    [Benchmark(Description = "cross-silo call")]
    public Task<int> CrossSilo() => _remote.PingAsync(1);

    [Benchmark(Description = "cross-silo calls, 1000 in flight", OperationsPerInvoke = Concurrent)]
    public Task<int[]> CrossSiloConcurrent() => Fan(_remoteMany);

    private Task<int[]> Fan(IPingGrain[] grains)
    {
        for (var i = 0; i < Concurrent; i++)
        {
            _calls[i] = grains[i % grains.Length].PingAsync(i);
        }

        return Task.WhenAll(_calls);
    }
}
