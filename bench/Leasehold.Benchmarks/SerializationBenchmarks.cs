using System.Buffers;
using BenchmarkDotNet.Attributes;
using Leasehold.Grains;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Leasehold.Benchmarks;

/// <summary>
/// What Orleans' serializer does to the results Leasehold's grains answer with most: a granted lease (every acquire and
/// renew) and an accepted fenced write (every PUT), written into a reused buffer and read back, as a silo or client
/// codes a response message body.
/// </summary>
[MemoryDiagnoser]
public class SerializationBenchmarks : IDisposable
{
    private readonly ArrayBufferWriter<byte> _buffer = new();
    private ServiceProvider _services = null!;
    private Serializer _serializer = null!;
    private LeaseResult _granted = null!;
    private WriteResult _accepted = null!;
    private byte[] _grantedBytes = null!;
    private byte[] _acceptedBytes = null!;

    [GlobalSetup]
    public void Setup()
    {
        _services = new ServiceCollection().AddSerializer(builder => builder.AddAssembly(typeof(LeaseResult).Assembly)).BuildServiceProvider();
        _serializer = _services.GetRequiredService<Serializer>();
        _granted = new LeaseResult.Granted(new Lease("orders", "worker-17", "9f2c4e0a1b3d5f7e9f2c4e0a1b3d5f7e", 42,
            "lh1.azEub3JkZXJzLjQyLjlmMmM0ZTBhMWIzZDVmN2U5ZjJjNGUwYTFiM2Q1ZjdlLndvcmtlci0xNw.c2lnbmF0dXJlLW9mLXRoaXJ0eS10d28tYnl0ZXMtLS0tLS0tLS0",
            TimeSpan.FromSeconds(30), DateTimeOffset.UnixEpoch));
        _accepted = new WriteResult.Accepted(7, 42);
        _grantedBytes = _serializer.SerializeToArray(_granted);
        _acceptedBytes = _serializer.SerializeToArray(_accepted);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _services.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Description = "LeaseResult.Granted: serialize")]
    public int SerializeGranted() => Serialize(_granted);

    [Benchmark(Description = "LeaseResult.Granted: deserialize")]
    public LeaseResult DeserializeGranted() => _serializer.Deserialize<LeaseResult>(_grantedBytes)!;

    [Benchmark(Description = "WriteResult.Accepted: serialize")]
    public int SerializeAccepted() => Serialize(_accepted);

    [Benchmark(Description = "WriteResult.Accepted: deserialize")]
    public WriteResult DeserializeAccepted() => _serializer.Deserialize<WriteResult>(_acceptedBytes)!;

    private int Serialize<T>(T value)
    {
        _buffer.ResetWrittenCount();
        _serializer.Serialize(value, _buffer);
        return _buffer.WrittenCount;
    }
}
