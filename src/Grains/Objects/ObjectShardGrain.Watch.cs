using Leasehold.Grains.Watches;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Leasehold.Grains.Objects;

/// <summary>
/// Watches: the shard rings the watchers of a key (one-way) after each accepted change of it; a watcher then reads the key's
/// latest change. The store keeps only the current value, so a watcher that missed versions is told so (a reset) by the API.
/// </summary>
internal sealed partial class ObjectShardGrain : IObjectWatchGrain
{
    /// <summary>Most keys one shard activation follows for watchers; a subscription to one more is refused.</summary>
    private const int MaxWatchedKeys = 10_000;

    private static readonly TimeSpan MaxWatchLifetime = TimeSpan.FromMinutes(5);

    // Made on first subscription: a shard nobody follows carries none.
    private Dictionary<string, WatcherSubscriptions<IObjectWatcher>>? _watchers;

    public Task WatchAsync(string key, IObjectWatcher watcher, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(watcher);
        lifetime = lifetime <= TimeSpan.Zero || lifetime > MaxWatchLifetime ? MaxWatchLifetime : lifetime;
        _watchers ??= new(StringComparer.Ordinal);
        if (!_watchers.TryGetValue(key, out var subscriptions))
        {
            if (_watchers.Count >= MaxWatchedKeys)
            {
                throw new InvalidOperationException($"This object shard follows {MaxWatchedKeys} keys for watchers already.");
            }

            subscriptions = new WatcherSubscriptions<IObjectWatcher>(ServiceProvider.GetRequiredKeyedService<TimeProvider>(TimeProviderNames.Grains));
            _watchers[key] = subscriptions;
        }

        if (!subscriptions.Subscribe(watcher, lifetime))
        {
            throw new InvalidOperationException($"Object '{key}' has {WatcherSubscriptions<IObjectWatcher>.MaxSubscriptions} watchers already.");
        }

        DelayDeactivation(lifetime);
        return Task.CompletedTask;
    }

    public Task UnwatchAsync(string key, IObjectWatcher watcher)
    {
        if (_watchers?.TryGetValue(key, out var subscriptions) is true)
        {
            subscriptions.Unsubscribe(watcher);
            if (subscriptions.Count == 0)
            {
                _watchers.Remove(key);
            }
        }

        return Task.CompletedTask;
    }

    public async Task<ObjectChange?> GetChangeAsync(string key)
    {
        // A tombstone is the delete's change: its version and fence, kind Deleted.
        var stored = await store.ReadAsync(key, CancellationToken.None);
        return stored is null
            ? null
            : new ObjectChange(key, stored.Version, stored.Deleted ? ObjectChangeKind.Deleted : ObjectChangeKind.Written, stored.Fence, stored.ContentType, stored.Value.LongLength, stored.UpdatedAtUtc);
    }

    /// <summary>After an accepted change of <paramref name="key"/> (a write; a delete too): ring its watchers, if any.</summary>
    private void RingWatchers(string key, long version)
    {
        if (_watchers is null || !_watchers.TryGetValue(key, out var subscriptions))
        {
            return;
        }

        subscriptions.Ring(watcher =>
        {
            try
            {
                watcher.ObjectChanged(key, version);
            }
            catch (Exception error)
            {
                LogWatcherUnreachable(logger, key, error.Message);
            }
        });
        if (subscriptions.Count == 0)
        {
            _watchers.Remove(key);
        }
    }

    [LoggerMessage(EventId = 2102, Level = LogLevel.Debug, Message = "Object {Key}: a watcher could not be rung ({Reason})")]
    private static partial void LogWatcherUnreachable(ILogger logger, string key, string reason);
}
