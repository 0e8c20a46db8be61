using System.Buffers;
using BenchmarkDotNet.Attributes;
using Leasehold.Grains;
using Leasehold.Grains.Leases;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Leasehold.Benchmarks;

/// <summary>
/// What Orleans' serializer does to the results Leasehold's grains answer with most: a granted lease (every acquire and
/// renew) and an accepted fenced write (every PUT), written into a reused buffer and read back, as a silo or client
/// codes a response message body; and a lease's durable state, which every grant, renewal and release writes with the
/// changes it retains for watchers (<c>Leases:WatchHistory</c>, 16 by default).
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
    private RetainedChanges _retained = null!;
    private LeaseState _stateWithOneChange = null!;
    private LeaseState _stateWithSixteenChanges = null!;

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
        _retained = new RetainedChanges(_services.GetRequiredService<Serializer<LeaseChange>>(), 16);
        _stateWithOneChange = Held(1);
        _stateWithSixteenChanges = Held(16);
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

    [Benchmark(Description = "LeaseState, 1 retained change: serialize")]
    public int SerializeStateWithOneChange() => Serialize(_stateWithOneChange);

    [Benchmark(Description = "LeaseState, 16 retained changes: serialize")]
    public int SerializeStateWithSixteenChanges() => Serialize(_stateWithSixteenChanges);

    [Benchmark(Description = "LeaseState, 16 retained changes: record one more")]
    public long RecordRenewal() =>
        _stateWithSixteenChanges.Record(_retained, LeaseChangeKind.Renewed, "worker-17", 42, DateTimeOffset.UnixEpoch).Index;

    /// <summary>A held lease after <paramref name="changes"/> changes, all retained: grants, renewals and releases in turn.</summary>
    private LeaseState Held(int changes)
    {
        var state = new LeaseState(42, "9f2c4e0a1b3d5f7e9f2c4e0a1b3d5f7e", "worker-17", TimeSpan.FromSeconds(30), DateTimeOffset.UnixEpoch.AddSeconds(30));
        for (var i = 0; i < changes; i++)
        {
            var kind = (i % 3) switch { 0 => LeaseChangeKind.Granted, 1 => LeaseChangeKind.Renewed, _ => LeaseChangeKind.Released };
            state = state.Record(_retained, kind, "worker-17", 42, DateTimeOffset.UnixEpoch.AddSeconds(i));
        }

        return state;
    }

    private int Serialize<T>(T value)
    {
        _buffer.ResetWrittenCount();
        _serializer.Serialize(value, _buffer);
        return _buffer.WrittenCount;
    }
}
