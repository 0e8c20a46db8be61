using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using Leasehold.Runtime.Messaging;

namespace Leasehold.Runtime.Tests.Messaging;

public sealed class WireCodecTests
{
    public static TheoryData<string> FrameNames => [.. Frames.Keys];

    private static readonly Dictionary<string, WireFrame> Frames = new()
    {
        ["request"] = new WireFrame.Request(7, "Leasehold.Grains.ILeaseGrain", "orders/ünïcode", "Acquire", new byte[] { 1, 2, 3 }, 30_000, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", 2, 41),
        ["request without trace"] = new WireFrame.Request(long.MaxValue, "T", string.Empty, "M", ReadOnlyMemory<byte>.Empty, 1, null, 0, 0),
        ["response"] = new WireFrame.Response(7, "{\"fence\":34}"u8.ToArray(), null, 41),
        ["error response"] = new WireFrame.Response(8, ReadOnlyMemory<byte>.Empty, new WireError("timeout", "no answer in 30000 ms"), 3),
        ["ping"] = new WireFrame.Ping(-1),
        ["hello"] = new WireFrame.Hello("leasehold", "127.0.0.3", 11111, 1795438224874, 12, "nonce-0123456789abcdef", "proof"),
        ["hello without proof"] = new WireFrame.Hello("leasehold", "::1", 1, 2, 3, "nonce-0123456789abcdef"),
        ["client hello"] = new WireFrame.ClientHello("leasehold", "client-1", "nonce-0123456789abcdef"),
        ["proof"] = new WireFrame.HandshakeProof("mac"),
    };

    [Theory]
    [MemberData(nameof(FrameNames))]
    public void Every_frame_reads_back_as_it_was_written(string name)
    {
        var frame = Frames[name];

        var read = WireCodec.Read(new ReadOnlySequence<byte>(Encode(frame)));

        Assert.Equal(Describe(frame), Describe(read));
    }

    [Theory]
    [MemberData(nameof(FrameNames))]
    public void A_frame_cut_short_or_with_bytes_after_it_is_refused(string name)
    {
        var bytes = Encode(Frames[name]);

        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.Throws<InvalidFrameException>(() => WireCodec.Read(new ReadOnlySequence<byte>(bytes, 0, length)));
        }

        Assert.Throws<InvalidFrameException>(() => WireCodec.Read(new ReadOnlySequence<byte>([.. bytes, 0])));
    }

    [Fact]
    public void A_string_that_is_not_utf8_is_refused()
    {
        // A proof frame: kind 3, then a 2-byte length and bytes that are no UTF-8.
        byte[] bytes = [3, 0, 2, 0xC3, 0x28];

        Assert.Throws<InvalidFrameException>(() => WireCodec.Read(new ReadOnlySequence<byte>(bytes)));
    }

    [Fact]
    public void Arbitrary_bytes_decode_to_a_frame_or_are_refused_never_anything_else()
    {
        Prop.ForAll<byte[]>(bytes =>
        {
            try
            {
                WireCodec.Read(new ReadOnlySequence<byte>(bytes ?? []));
                return true;
            }
            catch (InvalidFrameException)
            {
                return true;
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Arbitrary_bytes_behind_a_valid_kind_decode_or_are_refused_never_anything_else()
    {
        // Random bytes rarely start with a known kind; this puts each kind first so the fields' checks are what is tested.
        Prop.ForAll<byte, byte[]>((kind, rest) =>
        {
            byte[] bytes = [(byte)(kind % 7), .. rest ?? []];
            try
            {
                WireCodec.Read(new ReadOnlySequence<byte>(bytes));
                return true;
            }
            catch (InvalidFrameException)
            {
                return true;
            }
        }).QuickCheckThrowOnFailure();
    }

    private static byte[] Encode(WireFrame frame)
    {
        var buffer = new ArrayBufferWriter<byte>();
        WireCodec.Write(buffer, frame);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Records compare memory by reference; this compares what the frame says.</summary>
    private static string Describe(WireFrame frame) => frame switch
    {
        WireFrame.Request r => $"{r with { Arguments = default }} [{Convert.ToHexString(r.Arguments.Span)}]",
        WireFrame.Response r => $"{r with { Result = default }} [{Convert.ToHexString(r.Result.Span)}]",
        _ => frame.ToString(),
    };
}
