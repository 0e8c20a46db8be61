namespace Leasehold.Chaos.Recording;

/// <summary>
/// One event a watcher received on a watch stream (<c>GET /v1/leases/{resource}/watch</c> or <c>/v1/objects/{key}/watch</c>),
/// in the order it arrived on that watcher's streams.
/// </summary>
/// <param name="Watcher">The watcher (<c>w0</c>, <c>o0</c>); one watcher follows one target for the whole run.</param>
/// <param name="Connection">Which of the watcher's connections carried it (1 for the first; see <see cref="WatchConnection"/>).</param>
/// <param name="Node">The index of the node that served that connection.</param>
/// <param name="Target">The lease's resource, or the object's key.</param>
/// <param name="Object">An object watch (id = version; kinds <c>written</c>, <c>deleted</c>, <c>reset</c>) rather than a lease watch.</param>
/// <param name="Id">The SSE <c>id:</c>: the change's number on its resource (the object's version); for a reset, the id it continues from.</param>
/// <param name="Kind"><c>granted</c>, <c>renewed</c>, <c>released</c>, <c>expired</c>, <c>lost</c>, <c>written</c>, <c>deleted</c> or <c>reset</c>.</param>
/// <param name="Holder">Whose lease changed (lease changes).</param>
/// <param name="Fence">The fence of the lease that changed, or of the write or delete; null on a reset.</param>
/// <param name="Shared">The change is to one of a lease's shared holds (<c>mode: shared</c>).</param>
/// <param name="Reason">For a reset: <c>start</c> or <c>behind</c>.</param>
/// <param name="LeaseId">The lease id, if the event named one (the contract says it never does: following a lease gives no right to act under it).</param>
/// <param name="ReceivedMs">When the watcher had the whole event, on the recorder's clock.</param>
public sealed record WatchEvent(
    string Watcher,
    int Connection,
    int Node,
    string Target,
    bool Object,
    long Id,
    string Kind,
    string? Holder,
    long? Fence,
    bool Shared,
    string? Reason,
    string? LeaseId,
    double ReceivedMs)
{
    public const string ResetKind = "reset";

    /// <summary>A change, not a reset: it describes one numbered change of its target.</summary>
    public bool IsChange => Kind != ResetKind;

    /// <summary>One line for reports: <c>w0#2 watch chaos-r0 id 12 granted c3 fence 7 at 1520.3 node 1</c>.</summary>
    public override string ToString()
    {
        var details = IsChange
            ? $"{(Holder is null ? string.Empty : $" {Holder}")}{(Fence is { } fence ? $" fence {fence}" : string.Empty)}{(Shared ? " shared" : string.Empty)}"
            : $" {Reason}";
        return $"{Watcher}#{Connection} watch {Target} id {Id} {Kind}{details} at {ReceivedMs:0.0} node {Node}";
    }
}
