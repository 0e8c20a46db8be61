using System.Buffers;
using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using Leasehold.Grains;
using Leasehold.Runtime;
using Leasehold.Runtime.Invocation;
using Leasehold.Runtime.Messaging;

namespace Leasehold.Benchmarks;

/// <summary>
/// One grain call's message as silos exchange it: the arguments of <see cref="ILeaseGrain.AcquireAsync"/> serialized by
/// their declared types, the request encoded (<see cref="WireCodec"/>) into a length-prefixed frame, and the way back
/// (frame off the buffer, decoded, arguments by their declared types); the same for the response carrying a granted lease.
/// </summary>
[MemoryDiagnoser]
public class SerializationBenchmarks
{
    private readonly WireSerializer _serializer = new([]);
    private readonly Pipe _pipe = new();
    private readonly ArrayBufferWriter<byte> _encoded = new();
    private GrainMethod _acquire = null!;
    private object?[] _arguments = null!;
    private LeaseResult _granted = null!;
    private byte[] _requestFrame = null!;
    private byte[] _responseFrame = null!;

    // The in-process toolchain of BenchmarkDotNet 0.14 does not await an async setup or cleanup: block on it here.
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        _acquire = GrainInterface.Describe(typeof(ILeaseGrain)).ById[$"{typeof(ILeaseGrain).FullName}.{nameof(ILeaseGrain.AcquireAsync)}"];
        _arguments = [new AcquireLease("worker-17", TimeSpan.FromSeconds(30), TimeSpan.Zero)];
        _granted = new LeaseResult.Granted(new Lease("orders", "worker-17", "9f2c4e0a1b3d5f7e9f2c4e0a1b3d5f7e", 42,
            "lh1.azEub3JkZXJzLjQyLjlmMmM0ZTBhMWIzZDVmN2U5ZjJjNGUwYTFiM2Q1ZjdlLndvcmtlci0xNw.c2lnbmF0dXJlLW9mLXRoaXJ0eS10d28tYnl0ZXMtLS0tLS0tLS0",
            TimeSpan.FromSeconds(30), DateTimeOffset.UnixEpoch));
        _requestFrame = await FrameAsync(Request());
        _responseFrame = await FrameAsync(Response());
    }

    [Benchmark(Description = "request: serialize + frame")]
    public Task<long> WriteRequest() => WriteAsync(Request());

    [Benchmark(Description = "request: unframe + deserialize")]
    public object? ReadRequest()
    {
        var request = (WireFrame.Request)Read(_requestFrame);
        return _serializer.DeserializeArguments(_acquire, request.Arguments)[0];
    }

    [Benchmark(Description = "response: serialize + frame")]
    public Task<long> WriteResponse() => WriteAsync(Response());

    [Benchmark(Description = "response: unframe + deserialize")]
    public object? ReadResponse()
    {
        var response = (WireFrame.Response)Read(_responseFrame);
        return _serializer.DeserializeResult(_acquire, response.Result);
    }

    private WireFrame.Request Request() => new(
        17, typeof(ILeaseGrain).FullName!, "orders", _acquire.Id, _serializer.SerializeArguments(_acquire, _arguments), 30_000,
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", 1, 12);

    private WireFrame.Response Response() => new(17, _serializer.SerializeResult(_acquire, _granted), null, 12);

    /// <summary>Serializes and frames <paramref name="frame"/> into the pipe, then drops what was written.</summary>
    private async Task<long> WriteAsync(WireFrame frame)
    {
        // As a connection's writer does: encode into its reused buffer, then frame into the pipe.
        _encoded.ResetWrittenCount();
        WireCodec.Write(_encoded, frame);
        FrameCodec.Write(_pipe.Writer, _encoded.WrittenSpan);
        var written = _pipe.Writer.UnflushedBytes;
        await _pipe.Writer.FlushAsync();
        _pipe.Reader.TryRead(out var result);
        _pipe.Reader.AdvanceTo(result.Buffer.End);
        return written;
    }

    private static WireFrame Read(byte[] frame)
    {
        var buffer = new ReadOnlySequence<byte>(frame);
        if (!FrameCodec.TryRead(ref buffer, int.MaxValue, out var payload))
        {
            throw new InvalidOperationException("The frame is incomplete.");
        }

        return WireCodec.Read(payload);
    }

    private static async Task<byte[]> FrameAsync(WireFrame frame)
    {
        var pipe = new Pipe();
        var encoded = new ArrayBufferWriter<byte>();
        WireCodec.Write(encoded, frame);
        FrameCodec.Write(pipe.Writer, encoded.WrittenSpan);
        await pipe.Writer.FlushAsync();
        pipe.Reader.TryRead(out var result);
        var bytes = result.Buffer.ToArray();
        pipe.Reader.AdvanceTo(result.Buffer.End);
        return bytes;
    }
}
