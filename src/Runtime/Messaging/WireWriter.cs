using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Leasehold.Runtime.Messaging;

/// <summary>
/// Writes the fields of a frame, big-endian, into a buffer: integers at fixed width, strings as a 2-byte UTF-8 length
/// (<see cref="NullString"/> for null) and the bytes, byte blocks as a 4-byte length and the bytes.
/// </summary>
internal readonly ref struct WireWriter(IBufferWriter<byte> output)
{
    /// <summary>The length that marks a null string.</summary>
    public const ushort NullString = ushort.MaxValue;

    /// <summary>Longest string a frame carries, in UTF-8 bytes.</summary>
    public const int MaxStringBytes = ushort.MaxValue - 1;

    public void Byte(byte value)
    {
        output.GetSpan(1)[0] = value;
        output.Advance(1);
    }

    public void Int32(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(output.GetSpan(4), value);
        output.Advance(4);
    }

    public void Int64(long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(output.GetSpan(8), value);
        output.Advance(8);
    }

    public void String(string? value)
    {
        if (value is null)
        {
            BinaryPrimitives.WriteUInt16BigEndian(output.GetSpan(2), NullString);
            output.Advance(2);
            return;
        }

        var length = Encoding.UTF8.GetByteCount(value);
        if (length > MaxStringBytes)
        {
            throw new ArgumentException($"A frame carries strings of at most {MaxStringBytes} UTF-8 bytes; this one has {length}.", nameof(value));
        }

        var span = output.GetSpan(2 + length);
        BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)length);
        Encoding.UTF8.GetBytes(value, span[2..]);
        output.Advance(2 + length);
    }

    public void Bytes(ReadOnlySpan<byte> value)
    {
        var span = output.GetSpan(4 + value.Length);
        BinaryPrimitives.WriteInt32BigEndian(span, value.Length);
        value.CopyTo(span[4..]);
        output.Advance(4 + value.Length);
    }
}
