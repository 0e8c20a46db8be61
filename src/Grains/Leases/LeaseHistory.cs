using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Text;
using Orleans.Serialization;

namespace Leasehold.Grains.Leases;

/// <summary>
/// How a lease retains its changes for watchers: at most <see cref="Bound"/> (<c>Leases:WatchHistory</c>), kept in the
/// lease's state as one compact log (<see cref="ChangeLogFormat"/>) that every grant, renewal and release writes again.
/// The log is decoded once per activation and kept decoded beside the bytes it came from, so a write encodes the changes
/// (a few bytes each) without reading them back first.
/// </summary>
/// <remarks>
/// Its size is what matters: each lease's row is rewritten with every change, and SQLite writes each page a commit touches
/// into its write-ahead log, so a lease row of a kilobyte (16 changes serialized one by one, about 70 bytes each) put
/// every renewal of a batch on a page of its own. Held to a few bytes per change, the rows of many leases share a page.
/// </remarks>
internal sealed class RetainedChanges(Serializer<LeaseChange> serializer, int bound)
{
    // The log last encoded or decoded here, with its latest id and its changes: a state that carries this very array
    // (the one this activation wrote or read last) is not decoded again.
    private byte[]? _log;
    private long _index;
    private ImmutableArray<LeaseChange> _changes = [];

    public int Bound { get; } = bound;

    /// <summary>Every retained change of <paramref name="state"/>, oldest first, however the state keeps them.</summary>
    /// <exception cref="InvalidDataException">The stored log is cut short or is not a change log.</exception>
    public ImmutableArray<LeaseChange> Of(LeaseState state)
    {
        if (state.ChangeLog is { } log)
        {
            if (!ReferenceEquals(log, _log) || state.Index != _index)
            {
                (_changes, _log, _index) = (ChangeLogFormat.Read(log, state.Index), log, state.Index);
            }

            return _changes;
        }

        // As stored by earlier versions: one array of serialized changes, an array per change, or records.
        return state.SerializedChanges is { } serialized ? [.. SerializedChangeLog.Split(serialized).Select(entry => Deserialize(entry.Span))]
            : !state.Changes.IsDefault ? [.. state.Changes.Select(entry => Deserialize(entry))]
            : state.History.IsDefault ? [] : state.History;
    }

    /// <summary>The log of <paramref name="changes"/> (oldest first, the last with id <paramref name="index"/>), remembered decoded.</summary>
    public byte[] Log(ImmutableArray<LeaseChange> changes, long index)
    {
        (_log, _index, _changes) = (ChangeLogFormat.Write(changes), index, changes);
        return _log;
    }

    private LeaseChange Deserialize(ReadOnlySpan<byte> encoded) =>
        serializer.Deserialize(encoded) ?? throw new InvalidDataException("A retained lease change decoded as null.");
}

/// <summary>
/// The layout of <see cref="LeaseState.ChangeLog"/>: a format byte (1), the number of changes, then each change, oldest
/// first, as what sets it apart from the one before — a lease's changes mostly repeat their holder and fence and follow
/// each other closely, so a change is a few bytes. Ids are not stored: they are consecutive and the last is the state's
/// <see cref="LeaseState.Index"/>. Integers are LEB128 varints, signed ones zigzag-encoded; times are UTC ticks.
/// </summary>
/// <remarks>
/// A change: a head byte (bits 0–2 its kind, bit 3 shared mode, bit 4 the holder of the change before, bit 5 an expiry
/// follows, bit 6 the times' offsets follow); the fence less the fence before (0 before the first); unless bit 4, the
/// holder's UTF-8 length and bytes; the time less the time before (0 before the first); with bit 5, the expiry less the
/// time; with bit 6, the offset of the time and then of the expiry, in minutes. (Our own: Orleans' codec writes a field
/// header and a whole value for every field of every change, about 70 bytes each.)
/// </remarks>
internal static class ChangeLogFormat
{
    private const byte Version = 1;
    private const int KindMask = 0b111;
    private const int SharedBit = 1 << 3;
    private const int SameHolderBit = 1 << 4;
    private const int ExpiryBit = 1 << 5;
    private const int OffsetsBit = 1 << 6;
    private const int MaxVarint = 10;

    public static byte[] Write(ImmutableArray<LeaseChange> changes)
    {
        // The most a change can take: its head, six numbers (fence, holder length, time, expiry, two offsets) and the
        // holder. The log is copied out of a pooled buffer of that size, so a write allocates only the log itself.
        var size = 1 + MaxVarint;
        foreach (var change in changes)
        {
            size += 1 + (6 * MaxVarint) + Encoding.UTF8.GetMaxByteCount(change.Holder.Length);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            return buffer.AsSpan(0, Write(changes, buffer)).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int Write(ImmutableArray<LeaseChange> changes, byte[] buffer)
    {
        buffer[0] = Version;
        var at = WriteUnsigned(buffer, 1, (ulong)changes.Length);
        LeaseChange? before = null;
        foreach (var change in changes)
        {
            var sameHolder = before is not null && string.Equals(before.Holder, change.Holder, StringComparison.Ordinal);
            var withOffsets = change.AtUtc.Offset != TimeSpan.Zero || change.ExpiresAtUtc is { Offset.Ticks: not 0 };
            buffer[at++] = (byte)((int)change.Kind
                | (change.Mode == LeaseMode.Shared ? SharedBit : 0)
                | (sameHolder ? SameHolderBit : 0)
                | (change.ExpiresAtUtc is null ? 0 : ExpiryBit)
                | (withOffsets ? OffsetsBit : 0));
            at = WriteSigned(buffer, at, change.Fence - (before?.Fence ?? 0));
            if (!sameHolder)
            {
                at = WriteUnsigned(buffer, at, (ulong)Encoding.UTF8.GetByteCount(change.Holder));
                at += Encoding.UTF8.GetBytes(change.Holder, buffer.AsSpan(at));
            }

            at = WriteSigned(buffer, at, change.AtUtc.UtcTicks - (before?.AtUtc.UtcTicks ?? 0));
            if (change.ExpiresAtUtc is { } expiresAtUtc)
            {
                at = WriteSigned(buffer, at, expiresAtUtc.UtcTicks - change.AtUtc.UtcTicks);
            }

            if (withOffsets)
            {
                at = WriteSigned(buffer, at, (long)change.AtUtc.Offset.TotalMinutes);
                if (change.ExpiresAtUtc is { } expiry)
                {
                    at = WriteSigned(buffer, at, (long)expiry.Offset.TotalMinutes);
                }
            }

            before = change;
        }

        return at;
    }

    /// <summary>The changes in <paramref name="log"/>, oldest first, the last with id <paramref name="lastId"/>.</summary>
    /// <exception cref="InvalidDataException">The log is cut short, has bytes past its last change, or is not a change log.</exception>
    public static ImmutableArray<LeaseChange> Read(byte[] log, long lastId)
    {
        if (log.Length == 0 || log[0] != Version)
        {
            throw new InvalidDataException($"A lease's change log is of format {(log.Length == 0 ? "(empty)" : log[0])}, not {Version}.");
        }

        var at = 1;
        var count = ReadUnsigned(log, ref at);
        if (count > (ulong)(log.Length - at) / 3 || (long)count > lastId)
        {
            throw new InvalidDataException($"A lease's change log claims {count} changes in {log.Length} bytes up to id {lastId}.");
        }

        var changes = ImmutableArray.CreateBuilder<LeaseChange>((int)count);
        LeaseChange? before = null;
        for (var i = 0; i < (int)count; i++)
        {
            var head = Byte(log, ref at);
            var kind = (LeaseChangeKind)(head & KindMask);
            if (kind > LeaseChangeKind.Lost || head >= 1 << 7)
            {
                throw new InvalidDataException($"A lease's change log has a change with head byte {head}.");
            }

            var fence = (before?.Fence ?? 0) + ReadSigned(log, ref at);
            var holder = (head & SameHolderBit) != 0
                ? before?.Holder ?? throw new InvalidDataException("A lease's change log begins with a change that repeats the holder before it.")
                : ReadHolder(log, ref at);
            var atTicks = (before?.AtUtc.UtcTicks ?? 0) + ReadSigned(log, ref at);
            long? expiresTicks = (head & ExpiryBit) != 0 ? atTicks + ReadSigned(log, ref at) : null;
            var (atOffset, expiresOffset) = (head & OffsetsBit) != 0
                ? (ReadSigned(log, ref at), expiresTicks is null ? 0 : ReadSigned(log, ref at))
                : (0L, 0L);
            var change = new LeaseChange(
                lastId - (long)count + 1 + i, kind, holder, fence, Time(atTicks, atOffset),
                expiresTicks is { } expires ? Time(expires, expiresOffset) : null,
                (head & SharedBit) != 0 ? LeaseMode.Shared : LeaseMode.Exclusive);
            changes.Add(change);
            before = change;
        }

        if (at != log.Length)
        {
            throw new InvalidDataException($"A lease's change log has {log.Length - at} bytes past its last change.");
        }

        return changes.MoveToImmutable();
    }

    private static DateTimeOffset Time(long utcTicks, long offsetMinutes)
    {
        try
        {
            return new DateTimeOffset(utcTicks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(offsetMinutes));
        }
        catch (ArgumentException)
        {
            throw new InvalidDataException($"A lease's change log has a time out of range ({utcTicks} ticks, offset {offsetMinutes} minutes).");
        }
    }

    private static string ReadHolder(byte[] log, ref int at)
    {
        var length = ReadUnsigned(log, ref at);
        if (length > (ulong)(log.Length - at))
        {
            throw new InvalidDataException("A lease's change log ends inside a holder's name.");
        }

        var holder = Encoding.UTF8.GetString(log, at, (int)length);
        at += (int)length;
        return holder;
    }

    private static int WriteSigned(byte[] buffer, int at, long value) => WriteUnsigned(buffer, at, (ulong)((value << 1) ^ (value >> 63)));

    private static int WriteUnsigned(byte[] buffer, int at, ulong value)
    {
        for (; value >= 0x80; value >>= 7)
        {
            buffer[at++] = (byte)(value | 0x80);
        }

        buffer[at++] = (byte)value;
        return at;
    }

    private static long ReadSigned(byte[] log, ref int at)
    {
        var zigzag = ReadUnsigned(log, ref at);
        return (long)(zigzag >> 1) ^ -(long)(zigzag & 1);
    }

    private static ulong ReadUnsigned(byte[] log, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var next = Byte(log, ref at);
            value |= (ulong)(next & 0x7F) << shift;
            if (next < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("A lease's change log has a number longer than 64 bits.");
    }

    private static byte Byte(byte[] log, ref int at) =>
        at < log.Length ? log[at++] : throw new InvalidDataException("A lease's change log ends inside a change.");
}

/// <summary>
/// The layout of <see cref="LeaseState.SerializedChanges"/>, as stored before <see cref="ChangeLogFormat"/>: each change a
/// 4-byte little-endian length and that many bytes of a <see cref="LeaseChange"/> serialized by Orleans. Read only.
/// </summary>
internal static class SerializedChangeLog
{
    private const int LengthSize = sizeof(int);

    /// <summary>Where each entry's bytes lie in <paramref name="log"/>, oldest first.</summary>
    public static List<ReadOnlyMemory<byte>> Split(byte[] log)
    {
        var entries = new List<ReadOnlyMemory<byte>>();
        for (var at = 0; at < log.Length;)
        {
            if (log.Length - at < LengthSize)
            {
                throw new InvalidDataException("A lease's change log ends inside an entry's length.");
            }

            var length = BinaryPrimitives.ReadInt32LittleEndian(log.AsSpan(at));
            if (length < 0 || length > log.Length - at - LengthSize)
            {
                throw new InvalidDataException($"A lease's change log has an entry of {length} bytes where {log.Length - at - LengthSize} are left.");
            }

            entries.Add(log.AsMemory(at + LengthSize, length));
            at += LengthSize + length;
        }

        return entries;
    }
}

/// <summary>
/// The bounded history a lease keeps in its durable state for watchers. A change is recorded in the same compare-and-swap
/// as the state it describes, so its id is never issued twice (as the fence) and a successor activation continues the ids.
/// </summary>
internal static class LeaseHistory
{
    /// <summary>
    /// <paramref name="next"/> with one more change recorded: the next id, and the oldest dropped past the bound.
    /// A grant or renewal carries the expiry of the lease it names: the exclusive lease's, or a shared hold's (<paramref name="sharedExpiresAtUtc"/>).
    /// </summary>
    public static LeaseState Record(
        this LeaseState next, RetainedChanges retained, LeaseChangeKind kind, string holder, long fence, DateTimeOffset atUtc,
        LeaseMode mode = LeaseMode.Exclusive, DateTimeOffset? sharedExpiresAtUtc = null)
    {
        var change = new LeaseChange(next.Index + 1, kind, holder, fence, atUtc,
            kind is LeaseChangeKind.Granted or LeaseChangeKind.Renewed ? sharedExpiresAtUtc ?? next.ExpiresAtUtc : null, mode);
        var before = retained.Of(next);
        var kept = Math.Min(before.Length, retained.Bound - 1);
        var changes = ImmutableArray.CreateBuilder<LeaseChange>(kept + 1);
        for (var i = before.Length - kept; i < before.Length; i++)
        {
            changes.Add(before[i]);
        }

        changes.Add(change);
        var log = retained.Log(changes.MoveToImmutable(), change.Id);
        return next with { Index = change.Id, History = default, Changes = default, SerializedChanges = null, ChangeLog = log };
    }

    /// <summary>
    /// The retained changes after <paramref name="after"/>, or null when some of them are no longer retained (the watcher
    /// is behind) or <paramref name="after"/> is ahead of the lease (it followed another history, e.g. a wiped database).
    /// </summary>
    public static ImmutableArray<LeaseChange>? After(this LeaseState state, RetainedChanges retained, long after)
    {
        if (after > state.Index)
        {
            return null;
        }

        if (after == state.Index)
        {
            return [];
        }

        // The history holds the latest changes with consecutive ids, newest last; the next one the watcher needs is after + 1.
        var changes = retained.Of(state);
        var oldest = state.Index - changes.Length + 1;
        return after + 1 < oldest ? null : changes[(int)(after + 1 - oldest)..];
    }
}
