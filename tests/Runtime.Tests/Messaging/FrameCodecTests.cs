using System.Buffers;
using System.IO.Pipelines;
using FsCheck;
using FsCheck.Fluent;
using Leasehold.Runtime.Messaging;

namespace Leasehold.Runtime.Tests.Messaging;

public sealed class FrameCodecTests
{
    [Fact]
    public async Task A_written_frame_reads_back_whole_and_a_partial_frame_waits()
    {
        var pipe = new Pipe();
        FrameCodec.Write(pipe.Writer, "hello"u8);
        await pipe.Writer.FlushAsync();
        var whole = (await pipe.Reader.ReadAsync()).Buffer;

        var partial = whole.Slice(0, whole.Length - 1);
        Assert.False(FrameCodec.TryRead(ref partial, 1024, out _));
        Assert.True(FrameCodec.TryRead(ref whole, 1024, out var payload));
        Assert.Equal("hello"u8.ToArray(), payload.ToArray());
        Assert.Equal(0, whole.Length);
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0, 0 })]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF })]
    [InlineData(new byte[] { 0x01, 0x00, 0x00, 0x00 })]
    public void A_frame_announcing_zero_negative_or_too_many_bytes_is_refused_before_reading_it(byte[] header)
    {
        var buffer = new ReadOnlySequence<byte>(header);

        Assert.Throws<InvalidFrameException>(() => FrameCodec.TryRead(ref buffer, 1024, out _));
    }

    [Fact]
    public void Arbitrary_bytes_either_frame_wait_or_are_refused_never_anything_else()
    {
        Prop.ForAll<byte[]>(bytes =>
        {
            var buffer = new ReadOnlySequence<byte>(bytes ?? []);
            try
            {
                while (FrameCodec.TryRead(ref buffer, 64, out var payload))
                {
                    if (payload.Length is < 1 or > 64)
                    {
                        return false;
                    }
                }

                return true;
            }
            catch (InvalidFrameException)
            {
                return true;
            }
        }).QuickCheckThrowOnFailure();
    }
}
