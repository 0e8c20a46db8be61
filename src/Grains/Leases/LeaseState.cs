using System.Collections.Immutable;
using Orleans;

namespace Leasehold.Grains.Leases;

/// <summary>
/// What a lease grain keeps durable. <see cref="Fence"/> only grows. <see cref="ExpiresAtUtc"/> is
/// the wall-clock expiry, kept only so that a successor activation can recover the lease (with the
/// clock-uncertainty bound added); the live lease is timed on the monotonic clock. After an expiry is recorded
/// (<see cref="LeaseId"/> null), it stays, so a successor still honours the lock delay.
/// </summary>
/// <param name="Fence">The latest fence granted; only grows.</param>
/// <param name="LeaseId">The current lease's secret id; null when none is held (never granted, released, or its end recorded).</param>
/// <param name="Holder">The current lease's holder, with <paramref name="LeaseId"/>.</param>
/// <param name="Ttl">The current lease's TTL.</param>
/// <param name="ExpiresAtUtc">The current (or last expired) lease's wall-clock expiry, for recovery only.</param>
/// <param name="Index">The id of the latest recorded change (<see cref="LeaseChange.Id"/>); only grows, written with the change.</param>
/// <param name="History">
/// The latest changes as records, as stored before they were kept encoded: read from such a state, never written again
/// (the next change moves them to <paramref name="ChangeLog"/>).
/// </param>
/// <param name="Changes">
/// The latest changes, each serialized on its own, as stored before they were kept in one log: read from such a state,
/// never written again (the next change moves them to <paramref name="ChangeLog"/>).
/// </param>
/// <param name="SerializedChanges">
/// The latest changes serialized one by one into one array (<see cref="SerializedChangeLog"/>), as stored before
/// <paramref name="ChangeLog"/>: read from such a state, never written again (the next change moves them to it).
/// </param>
/// <param name="ChangeLog">
/// The latest changes, oldest first, at most <c>Leases:WatchHistory</c>: what a reconnecting watcher is given, as one
/// compact log (<see cref="ChangeLogFormat"/>, a few bytes per change), so that a write carries one short field.
/// </param>
/// <param name="Shared">
/// The shared holders of the current shared epoch, all with fence <paramref name="Fence"/> (an exclusive grant or a new epoch
/// advances it, and clears them in the same write); default (none) whenever the lock is not held in shared mode, so a lease
/// never used in shared mode stores exactly what it stored before. Never beside an exclusive <paramref name="LeaseId"/>.
/// </param>
[GenerateSerializer]
[Immutable]
[Alias("leasehold.LeaseState")]
internal sealed record LeaseState(
    [property: Id(0)] long Fence,
    [property: Id(1)] string? LeaseId,
    [property: Id(2)] string? Holder,
    [property: Id(3)] TimeSpan Ttl,
    [property: Id(4)] DateTimeOffset? ExpiresAtUtc,
    [property: Id(5)] ImmutableArray<SharedHold> Shared = default,
    // Ids from 10: other fields may join the lease's own at 5 and up without a clash.
    [property: Id(10)] long Index = 0,
    [property: Id(11)] ImmutableArray<LeaseChange> History = default,
    [property: Id(12)] ImmutableArray<byte[]> Changes = default,
    [property: Id(13)] byte[]? SerializedChanges = null,
    [property: Id(14)] byte[]? ChangeLog = null)
{
    public static LeaseState Initial() => new(0, null, null, TimeSpan.Zero, null);
}
