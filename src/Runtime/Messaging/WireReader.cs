using System.Buffers.Binary;
using System.Text;

namespace Leasehold.Runtime.Messaging;

/// <summary>
/// Reads what <see cref="WireWriter"/> wrote. Every read checks that the bytes are there and well formed: a truncated
/// or garbled frame is an <see cref="InvalidFrameException"/>, never an out-of-range read or an allocation of a size
/// the peer chose beyond the frame itself.
/// </summary>
internal ref struct WireReader(ReadOnlySpan<byte> frame)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly ReadOnlySpan<byte> _frame = frame;
    private int _position;

    public byte Byte() => Take(1)[0];

    public int Int32() => BinaryPrimitives.ReadInt32BigEndian(Take(4));

    public long Int64() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

    public string String() => NullableString() ?? throw new InvalidFrameException("A frame field that must be a string is null.");

    public string? NullableString()
    {
        var length = BinaryPrimitives.ReadUInt16BigEndian(Take(2));
        if (length == WireWriter.NullString)
        {
            return null;
        }

        try
        {
            return StrictUtf8.GetString(Take(length));
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidFrameException("A frame carries a string that is not UTF-8.");
        }
    }

    /// <summary>A block of bytes, in place: valid only as long as the frame's buffer.</summary>
    public ReadOnlySpan<byte> Block()
    {
        var length = Int32();
        if (length < 0)
        {
            throw new InvalidFrameException($"A frame announced a block of {length} bytes.");
        }

        return Take(length);
    }

    /// <summary>A block of bytes, copied: the frame's buffer is reused once the frame has been read.</summary>
    public byte[] BlockCopy() => Block().ToArray();

    /// <summary>Throws unless every byte of the frame was read: trailing bytes mean the peer speaks another protocol.</summary>
    public readonly void End()
    {
        if (_position != _frame.Length)
        {
            throw new InvalidFrameException($"A frame has {_frame.Length - _position} bytes after its last field.");
        }
    }

    private ReadOnlySpan<byte> Take(int length)
    {
        if (length > _frame.Length - _position)
        {
            throw new InvalidFrameException($"A frame ends before its fields do ({length} bytes wanted, {_frame.Length - _position} left).");
        }

        var taken = _frame.Slice(_position, length);
        _position += length;
        return taken;
    }
}
