namespace Leasehold.Api.Watches;

/// <summary>One read of a watch: the events after the watcher's last id (a single reset when it missed some), and the id to continue from.</summary>
/// <param name="Index">The latest id: the lease's latest change, or the object's version.</param>
/// <param name="Reset">Whether <paramref name="Events"/> is a reset (the watch started, or the watcher missed changes no longer retained).</param>
/// <param name="Events">The events to send, oldest first.</param>
internal readonly record struct WatchRead<TEvent>(long Index, bool Reset, IReadOnlyList<TEvent> Events);

/// <summary>Where a watch reads its events: the lease's retained history, or the object's latest version.</summary>
internal interface IWatchFeed<TEvent>
{
    /// <summary>The events after <paramref name="after"/>; null: the watch starts, and gets a reset with the current state.</summary>
    Task<WatchRead<TEvent>> ReadAsync(long? after);

    /// <summary>The SSE <c>id:</c> of <paramref name="event"/>.</summary>
    long IdOf(TEvent @event);

    /// <summary>The SSE <c>event:</c> of <paramref name="event"/>.</summary>
    string KindOf(TEvent @event);
}
