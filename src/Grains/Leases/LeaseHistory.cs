using System.Collections.Immutable;

namespace Leasehold.Grains.Leases;

/// <summary>
/// The bounded history a lease keeps in its durable state for watchers. A change is recorded in the same compare-and-swap
/// as the state it describes, so its id is never issued twice (as the fence) and a successor activation continues the ids.
/// </summary>
internal static class LeaseHistory
{
    /// <summary>
    /// <paramref name="next"/> with one more change recorded: the next id, and the oldest dropped past <paramref name="bound"/>.
    /// A grant or renewal carries the expiry of the lease it names: the exclusive lease's, or a shared hold's (<paramref name="sharedExpiresAtUtc"/>).
    /// </summary>
    public static LeaseState Record(
        this LeaseState next, LeaseChangeKind kind, string holder, long fence, DateTimeOffset atUtc, int bound,
        LeaseMode mode = LeaseMode.Exclusive, DateTimeOffset? sharedExpiresAtUtc = null)
    {
        var change = new LeaseChange(next.Index + 1, kind, holder, fence, atUtc,
            kind is LeaseChangeKind.Granted or LeaseChangeKind.Renewed ? sharedExpiresAtUtc ?? next.ExpiresAtUtc : null, mode);
        var history = next.History.IsDefault ? [] : next.History;
        history = history.Length >= bound ? history.RemoveRange(0, history.Length - bound + 1).Add(change) : history.Add(change);
        return next with { Index = change.Id, History = history };
    }

    /// <summary>
    /// The retained changes after <paramref name="after"/>, or null when some of them are no longer retained (the watcher
    /// is behind) or <paramref name="after"/> is ahead of the lease (it followed another history, e.g. a wiped database).
    /// </summary>
    public static ImmutableArray<LeaseChange>? After(this LeaseState state, long after)
    {
        if (after > state.Index)
        {
            return null;
        }

        var history = state.History.IsDefault ? [] : state.History;
        if (after == state.Index)
        {
            return [];
        }

        // The history holds the latest changes with consecutive ids; the next one the watcher needs is after + 1.
        var oldest = history.Length > 0 ? history[0].Id : state.Index + 1;
        if (after + 1 < oldest)
        {
            return null;
        }

        return history.RemoveRange(0, (int)(after + 1 - oldest));
    }
}
