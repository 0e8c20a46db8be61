using BenchmarkDotNet.Attributes;
using Leasehold.Storage.Sqlite;
using Leasehold.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Leasehold.Benchmarks;

/// <summary>
/// The fenced write as the object shard grain makes it: one conditional upsert in the group-commit transaction,
/// acknowledged after COMMIT (WAL, synchronous=FULL: an fsync). Alone (latency: one transaction per write) and with
/// 64 writers at once (per write; they share transactions).
/// </summary>
[MemoryDiagnoser]
public class FencedWriteBenchmarks
{
    private const int Writers = 64;
    private readonly byte[] _value = new byte[64];
    private readonly Task<FencedWriteResult>[] _writes = new Task<FencedWriteResult>[Writers];
    private string _folder = null!;
    private IHost _host = null!;
    private IFencedObjectStore _store = null!;
    private long _fence;

    // The in-process toolchain of BenchmarkDotNet 0.14 does not await an async setup or cleanup: block on it here.
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        _folder = Path.Combine(Path.GetTempPath(), $"leasehold-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_folder);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(Options.Create(new StorageOptions { ConnectionString = $"Data Source={Path.Combine(_folder, "bench.db")}" }));
        builder.Services.AddLeaseholdSqliteFencedObjectStore();
        _host = builder.Build();
        await _host.StartAsync();
        _store = _host.Services.GetRequiredService<IFencedObjectStore>();
    }

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    private async Task CleanupAsync()
    {
        await _host.StopAsync();
        await ((IAsyncDisposable)_host).DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Description = "fenced write, 1 writer")]
    public Task<FencedWriteResult> OneWriter() => _store.WriteAsync(new FencedWrite("key-0", "orders", ++_fence, _value, "application/octet-stream"), CancellationToken.None);

    [Benchmark(Description = "fenced write, 64 writers", OperationsPerInvoke = Writers)]
    public Task ManyWriters()
    {
        var fence = ++_fence;
        for (var i = 0; i < Writers; i++)
        {
            _writes[i] = _store.WriteAsync(new FencedWrite($"key-{i}", "orders", fence, _value, "application/octet-stream"), CancellationToken.None);
        }

        return Task.WhenAll(_writes);
    }
}
