using System.Buffers.Binary;
using System.Collections.Immutable;
using Orleans.Serialization;

namespace Leasehold.Grains.Leases;

/// <summary>
/// How a lease retains its changes for watchers: at most <see cref="Bound"/> (<c>Leases:WatchHistory</c>), each serialized
/// once, by Orleans' serializer, when it is recorded. Every grant, renewal and release writes the retained changes again;
/// as one array of bytes that is one copy, where the changes as records were a codec call per field of each (about 4 µs of
/// each write with 16 retained), and as an array per change a codec call and a reference-tracking lookup per change.
/// </summary>
internal sealed class RetainedChanges(Serializer<LeaseChange> serializer, int bound)
{
    public int Bound { get; } = bound;

    public byte[] Encode(LeaseChange change) => serializer.SerializeToArray(change);

    public LeaseChange Decode(ReadOnlySpan<byte> encoded) =>
        serializer.Deserialize(encoded) ?? throw new InvalidDataException("A retained lease change decoded as null.");
}

/// <summary>
/// The layout of <see cref="LeaseState.ChangeLog"/>: the retained changes oldest first, each a 4-byte little-endian length
/// and that many bytes of a serialized <see cref="LeaseChange"/>.
/// </summary>
internal static class ChangeLogFormat
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

    /// <summary>One log of <paramref name="entries"/> from <paramref name="from"/> on (oldest first), followed by <paramref name="added"/>.</summary>
    public static byte[] Join(List<ReadOnlyMemory<byte>> entries, int from, byte[] added)
    {
        var size = LengthSize + added.Length;
        for (var i = from; i < entries.Count; i++)
        {
            size += LengthSize + entries[i].Length;
        }

        var log = new byte[size];
        var at = 0;
        for (var i = from; i < entries.Count; i++)
        {
            at = Write(log, at, entries[i].Span);
        }

        Write(log, at, added);
        return log;
    }

    private static int Write(byte[] log, int at, ReadOnlySpan<byte> entry)
    {
        BinaryPrimitives.WriteInt32LittleEndian(log.AsSpan(at), entry.Length);
        entry.CopyTo(log.AsSpan(at + LengthSize));
        return at + LengthSize + entry.Length;
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
        var entries = Entries(next, retained);
        var log = ChangeLogFormat.Join(entries, Math.Max(0, entries.Count - (retained.Bound - 1)), retained.Encode(change));
        return next with { Index = change.Id, History = default, Changes = default, ChangeLog = log };
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
        var entries = Entries(state, retained);
        var oldest = state.Index - entries.Count + 1;
        if (after + 1 < oldest)
        {
            return null;
        }

        var skip = (int)(after + 1 - oldest);
        var changes = ImmutableArray.CreateBuilder<LeaseChange>(entries.Count - skip);
        for (var i = skip; i < entries.Count; i++)
        {
            changes.Add(retained.Decode(entries[i].Span));
        }

        return changes.MoveToImmutable();
    }

    /// <summary>Every retained change, oldest first.</summary>
    public static ImmutableArray<LeaseChange> Retained(this LeaseState state, RetainedChanges retained) =>
        state.After(retained, state.Index - Entries(state, retained).Count) ?? [];

    /// <summary>
    /// Each retained change's bytes, oldest first, however the state keeps them: one <see cref="LeaseState.ChangeLog"/>;
    /// or, as stored by earlier versions, an array per change (<see cref="LeaseState.Changes"/>) or records
    /// (<see cref="LeaseState.History"/>, encoded here, at its first change on this version).
    /// </summary>
    private static List<ReadOnlyMemory<byte>> Entries(LeaseState state, RetainedChanges retained) =>
        state.ChangeLog is { } log ? ChangeLogFormat.Split(log)
        : !state.Changes.IsDefault ? [.. state.Changes.Select(change => (ReadOnlyMemory<byte>)change)]
        : state.History.IsDefaultOrEmpty ? []
        : [.. state.History.Select(change => (ReadOnlyMemory<byte>)retained.Encode(change))];
}
