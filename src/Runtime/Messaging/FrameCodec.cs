using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;

namespace Leasehold.Runtime.Messaging;

/// <summary>
/// Length-prefixed frames: a 4-byte big-endian payload length, then the payload. A length that is
/// negative, zero or larger than the limit means the peer is not speaking our protocol (or is hostile),
/// and the connection is dropped before any allocation of that size.
/// </summary>
internal static class FrameCodec
{
    public const int HeaderLength = 4;

    public static void Write(PipeWriter writer, ReadOnlySpan<byte> payload)
    {
        var span = writer.GetSpan(HeaderLength + payload.Length);
        BinaryPrimitives.WriteInt32BigEndian(span, payload.Length);
        payload.CopyTo(span[HeaderLength..]);
        writer.Advance(HeaderLength + payload.Length);
    }

    /// <summary>Takes one whole frame off the front of <paramref name="buffer"/>; false if more bytes are needed.</summary>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, int maxPayloadLength, out ReadOnlySequence<byte> payload)
    {
        payload = default;
        if (buffer.Length < HeaderLength)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[HeaderLength];
        buffer.Slice(0, HeaderLength).CopyTo(header);
        var length = BinaryPrimitives.ReadInt32BigEndian(header);
        if (length <= 0 || length > maxPayloadLength)
        {
            throw new InvalidFrameException($"A frame announced {length} bytes; frames carry 1 to {maxPayloadLength}.");
        }

        if (buffer.Length < HeaderLength + length)
        {
            return false;
        }

        payload = buffer.Slice(HeaderLength, length);
        buffer = buffer.Slice(HeaderLength + length);
        return true;
    }
}
