using Leasehold.Api.Contracts;
using Leasehold.Grains;

namespace Leasehold.Api.Watches;

/// <summary>
/// An object's changes. The store keeps only the latest version, so a watcher one version behind gets that change, and
/// one further behind (or ahead: another database) a reset with the current state.
/// </summary>
internal sealed class ObjectWatchFeed(string key, IObjectWatchGrain shard) : IWatchFeed<ObjectEventResponse>
{
    /// <summary>The object's latest change at the last read; null if it was never written.</summary>
    public ObjectChange? Current { get; private set; }

    public async Task<WatchRead<ObjectEventResponse>> ReadAsync(long? after)
    {
        var current = Current = await shard.GetChangeAsync(key);
        var version = current?.Version ?? 0;
        if (after == version)
        {
            return new(version, false, []);
        }

        if (current is not null && after == version - 1)
        {
            return new(version, false, [ObjectEventResponse.From(current)]);
        }

        return new(version, true, [ObjectEventResponse.Reset(key, after is null ? "start" : "behind", current)]);
    }

    public long IdOf(ObjectEventResponse @event) => @event.Id;

    public string KindOf(ObjectEventResponse @event) => @event.Kind;
}
