using System.Collections.Immutable;
using Orleans.Serialization;

namespace Leasehold.Grains.Leases;

/// <summary>
/// How a lease retains its changes for watchers: at most <see cref="Bound"/> (<c>Leases:WatchHistory</c>), each serialized
/// once, by Orleans' serializer, when it is recorded. Every grant, renewal and release writes the retained changes again;
/// as bytes that is a copy per change, where the changes as records were a codec call per field of each (about 4 µs of
/// each write with 16 retained, against 0.7 µs for the rest of the state).
/// </summary>
internal sealed class RetainedChanges(Serializer<LeaseChange> serializer, int bound)
{
    public int Bound { get; } = bound;

    public byte[] Encode(LeaseChange change) => serializer.SerializeToArray(change);

    public LeaseChange Decode(byte[] encoded) =>
        serializer.Deserialize(encoded) ?? throw new InvalidDataException("A retained lease change decoded as null.");
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
        var history = Encoded(next, retained);
        history = history.Length >= retained.Bound
            ? history.RemoveRange(0, history.Length - retained.Bound + 1).Add(retained.Encode(change))
            : history.Add(retained.Encode(change));
        return next with { Index = change.Id, History = default, Changes = history };
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
        var count = Count(state);
        var oldest = state.Index - count + 1;
        if (after + 1 < oldest)
        {
            return null;
        }

        var skip = (int)(after + 1 - oldest);
        if (state.Changes.IsDefault)
        {
            return state.History.IsDefault ? [] : state.History.RemoveRange(0, skip);
        }

        var changes = ImmutableArray.CreateBuilder<LeaseChange>(count - skip);
        for (var i = skip; i < count; i++)
        {
            changes.Add(retained.Decode(state.Changes[i]));
        }

        return changes.MoveToImmutable();
    }

    /// <summary>Every retained change, oldest first.</summary>
    public static ImmutableArray<LeaseChange> Retained(this LeaseState state, RetainedChanges retained) =>
        state.After(retained, state.Index - Count(state)) ?? [];

    private static int Count(LeaseState state) =>
        !state.Changes.IsDefault ? state.Changes.Length : state.History.IsDefault ? 0 : state.History.Length;

    /// <summary>
    /// The retained changes as bytes; a state stored before they were kept so (<see cref="LeaseState.History"/>) has its
    /// changes encoded once here, at its first change on this version.
    /// </summary>
    private static ImmutableArray<byte[]> Encoded(LeaseState state, RetainedChanges retained) =>
        !state.Changes.IsDefault ? state.Changes
        : state.History.IsDefaultOrEmpty ? []
        : [.. state.History.Select(retained.Encode)];
}
