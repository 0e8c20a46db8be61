using Leasehold.Chaos.Recording;

namespace Leasehold.Chaos.Checking;

/// <summary>
/// (viii) One id, one change. The same id of one lease (or version of one object), received by two watchers or by one
/// across reconnections through different nodes, must be the same change: the same kind, holder, fence and mode. Resets
/// are not changes and are not compared (a reset's id is only where the stream continues from).
/// <para>
/// Sound because a lease writes each change with its id in the same compare-and-swap as the change, and shows watchers
/// only what is durable (an activation that loses the compare-and-swap shows nothing); the durable states form one chain,
/// so an id names one change on every activation, a stale one on a cut-off silo included. An object's id is its version,
/// which the store's conditional write advances by one per accepted write or delete.
/// </para>
/// </summary>
public static class WatchAgreement
{
    public static IEnumerable<Anomaly> Check(IReadOnlyList<WatchEvent> events)
    {
        foreach (var sameId in events.Where(e => e.IsChange).GroupBy(e => (e.Object, e.Target, e.Id)))
        {
            var versions = sameId.DistinctBy(e => (e.Kind, e.Holder, e.Fence, e.Shared)).ToList();
            if (versions.Count > 1)
            {
                yield return Anomaly.OfWatch(AnomalyKind.WatchEventsDisagree,
                    $"Id {sameId.Key.Id} of '{sameId.Key.Target}' was told as {versions.Count} different changes ({string.Join("; ", versions.Select(Describe))}).", versions);
            }
        }
    }

    private static string Describe(WatchEvent e) =>
        $"{e.Kind}{(e.Holder is null ? string.Empty : $" {e.Holder}")}{(e.Fence is { } f ? $" fence {f}" : string.Empty)}{(e.Shared ? " shared" : string.Empty)} to {e.Watcher} via node {e.Node}";
}
