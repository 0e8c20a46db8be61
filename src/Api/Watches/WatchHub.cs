namespace Leasehold.Api.Watches;

/// <summary>
/// This process's watchers of one kind (leases or objects). It holds one grain subscription per followed name however many
/// watchers follow it here, and fans each ring out to their doorbells; the last watcher to leave ends the subscription.
/// </summary>
internal abstract partial class WatchHub(WatchLimit limit, ILogger logger)
{
    private readonly Dictionary<string, HashSet<Doorbell>> _followed = new(StringComparer.Ordinal);

    /// <summary>How many names are followed from this process (each with one grain subscription).</summary>
    public int FollowedCount
    {
        get
        {
            lock (_followed)
            {
                return _followed.Count;
            }
        }
    }

    /// <summary>Whether <paramref name="name"/> has a watcher here.</summary>
    public bool IsFollowed(string name)
    {
        lock (_followed)
        {
            return _followed.ContainsKey(name);
        }
    }

    /// <summary>
    /// Starts following <paramref name="name"/>: subscribes on its grain (first watcher only) and returns the watcher's doorbell
    /// and its renewal; null when this process serves <c>Watches:MaxWatches</c> already.
    /// </summary>
    public async Task<Following?> FollowAsync(string name, TimeSpan lifetime)
    {
        if (!limit.TryEnter())
        {
            return null;
        }

        var doorbell = new Doorbell();
        lock (_followed)
        {
            if (!_followed.TryGetValue(name, out var doorbells))
            {
                _followed[name] = doorbells = [];
            }

            doorbells.Add(doorbell);
        }

        var following = new Following(this, name, doorbell, lifetime);
        try
        {
            await SubscribeAsync(name, lifetime);
        }
        catch
        {
            await following.DisposeAsync();
            throw;
        }

        return following;
    }

    /// <summary>Rings every local watcher of <paramref name="name"/>. Called by Orleans on a one-way notification.</summary>
    protected void Ring(string name)
    {
        lock (_followed)
        {
            if (_followed.TryGetValue(name, out var doorbells))
            {
                foreach (var doorbell in doorbells)
                {
                    doorbell.Ring();
                }
            }
        }
    }

    /// <summary>Subscribes (or renews) this process's observer on <paramref name="name"/>'s grain.</summary>
    protected abstract Task SubscribeAsync(string name, TimeSpan lifetime);

    /// <summary>Ends this process's subscription on <paramref name="name"/>'s grain.</summary>
    protected abstract Task UnsubscribeAsync(string name);

    private async ValueTask LeaveAsync(string name, Doorbell doorbell)
    {
        limit.Leave();
        bool last;
        lock (_followed)
        {
            last = _followed.TryGetValue(name, out var doorbells) && doorbells.Remove(doorbell) && doorbells.Count == 0;
            if (last)
            {
                _followed.Remove(name);
            }
        }

        if (last)
        {
            try
            {
                await UnsubscribeAsync(name);
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                // Harmless: the grain drops the subscription when its lifetime passes.
                LogUnsubscribeFailed(logger, name, error.Message);
            }
        }
    }

    [LoggerMessage(EventId = 3100, Level = LogLevel.Debug, Message = "Watch of {Name}: unsubscribing failed ({Reason}); the subscription lapses by itself")]
    private static partial void LogUnsubscribeFailed(ILogger logger, string name, string reason);

    /// <summary>One watcher's hold on a followed name: its doorbell, its renewal, and its leaving (on dispose).</summary>
    public sealed class Following(WatchHub hub, string name, Doorbell doorbell, TimeSpan lifetime) : IAsyncDisposable
    {
        private int _left;

        public Doorbell Doorbell { get; } = doorbell;

        /// <summary>Renews the subscription (it also comes back after a failover, on the new activation).</summary>
        public Task RenewAsync() => hub.SubscribeAsync(name, lifetime);

        public ValueTask DisposeAsync() =>
            Interlocked.Exchange(ref _left, 1) == 0 ? hub.LeaveAsync(name, Doorbell) : ValueTask.CompletedTask;
    }
}
