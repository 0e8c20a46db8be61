using Leasehold.Chaos.Recording;

namespace Leasehold.Chaos.Checking;

/// <summary>
/// (vii) A watch misses nothing it still retains, and says so when it did. On one watcher's streams — all its connections
/// in the order it received them, since each reconnection sends the id of the last event received as <c>Last-Event-ID</c> —
/// every change after the first event has the next id (the last id plus one). A <c>reset</c> may jump forward (the changes
/// in between are no longer retained, and the reset says so); the next change continues from the reset's id. Anything else
/// is this anomaly: a change with a higher id is a silent gap, and an id at or below the last one (a change or a reset) is
/// a stream that went back, repeating what it had told.
/// <para>
/// Sound because ids are written in the same compare-and-swap as the change they number, one more each time: the service
/// serves a stream the retained changes after its last id in order, or a reset at the latest id when some are gone, so a
/// correct service never skips, repeats or goes back.
/// </para>
/// </summary>
public static class WatchGaps
{
    public static IEnumerable<Anomaly> Check(IReadOnlyList<WatchEvent> events)
    {
        foreach (var watcher in events.GroupBy(e => e.Watcher))
        {
            WatchEvent? previous = null;
            foreach (var next in watcher)
            {
                if (previous is not null && Breaks(previous, next) is { } what)
                {
                    yield return Anomaly.OfWatch(AnomalyKind.WatchGap,
                        $"Watcher {watcher.Key} on '{next.Target}': {what} (connection {previous.Connection} then {next.Connection}).", [previous, next]);
                }

                previous = next;
            }
        }
    }

    private static string? Breaks(WatchEvent previous, WatchEvent next) =>
        next.IsChange
            ? next.Id == previous.Id + 1 ? null
                : next.Id > previous.Id + 1 ? $"after id {previous.Id} came change {next.Id} ({next.Kind}) with no reset: ids {previous.Id + 1} to {next.Id - 1} were skipped silently"
                : $"after id {previous.Id} came change {next.Id} ({next.Kind}) again or out of order"
            : next.Id > previous.Id ? null
                : $"after id {previous.Id} came a reset ({next.Reason}) back to id {next.Id}";
}
