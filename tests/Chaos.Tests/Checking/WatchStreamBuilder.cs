using Leasehold.Chaos.Recording;

namespace Leasehold.Chaos.Tests.Checking;

/// <summary>Hand-made watch streams for the checker's tests: one watcher's events in the order it received them.</summary>
internal sealed class WatchStreamBuilder(string watcher, string target = "r", bool objectWatch = false)
{
    private readonly List<WatchEvent> _events = [];
    private int _connection = 1;
    private int _node;

    public IReadOnlyList<WatchEvent> Events => _events;

    /// <summary>The stream broke; the next events come over a new connection through <paramref name="node"/> (resumed with the last id).</summary>
    public WatchStreamBuilder Reconnect(int node)
    {
        _connection++;
        _node = node;
        return this;
    }

    public WatchEvent Reset(long id, string reason = "behind") => Add(id, WatchEvent.ResetKind, null, null, reason: reason);

    public WatchEvent Change(long id, string kind, string? holder, long fence, bool shared = false) => Add(id, kind, holder, fence, shared);

    private WatchEvent Add(long id, string kind, string? holder, long? fence, bool shared = false, string? reason = null)
    {
        var received = new WatchEvent(watcher, _connection, _node, target, objectWatch, id, kind, holder, fence, shared, reason, null, _events.Count * 10.0);
        _events.Add(received);
        return received;
    }
}
