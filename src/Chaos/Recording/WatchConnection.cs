namespace Leasehold.Chaos.Recording;

/// <summary>One connection of a watcher: from the request to the end of its stream.</summary>
/// <param name="Watcher">The watcher.</param>
/// <param name="Connection">Its number among the watcher's connections, from 1.</param>
/// <param name="Node">The index of the node it went to.</param>
/// <param name="Target">The lease's resource, or the object's key.</param>
/// <param name="Object">An object watch rather than a lease watch.</param>
/// <param name="LastEventId">The <c>Last-Event-ID</c> it sent: the id of the last event the watcher had received (null: none yet).</param>
/// <param name="OpenedMs">When the request was sent.</param>
/// <param name="EndedMs">When the stream ended (or the request failed).</param>
/// <param name="Status">The HTTP status; 0 when no answer came.</param>
/// <param name="End">
/// Why it ended: <c>stopped</c> (the run ended), <c>closed</c> (the server ended the stream), <c>idle</c> (nothing, not even a
/// keep-alive, for the idle timeout), <c>refused</c> (not a stream: the status says why), <c>no-node</c>, or what broke on the wire.
/// </param>
/// <param name="Events">How many events it carried.</param>
public sealed record WatchConnection(
    string Watcher,
    int Connection,
    int Node,
    string Target,
    bool Object,
    long? LastEventId,
    double OpenedMs,
    double EndedMs,
    int Status,
    string End,
    int Events)
{
    public override string ToString() =>
        $"{Watcher}#{Connection} watch {Target} last-event-id {(LastEventId is { } id ? id.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none")} [{OpenedMs:0.0}, {EndedMs:0.0}] node {Node} {Status} {End}, {Events} events";
}
