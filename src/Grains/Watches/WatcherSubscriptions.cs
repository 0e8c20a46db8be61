namespace Leasehold.Grains.Watches;

/// <summary>
/// The watchers subscribed to one grain activation, each until its subscription lapses (as Orleans' ObserverManager, on
/// the grain's monotonic clock). A watcher that vanishes without unsubscribing is dropped once its lifetime has passed,
/// so the set cannot grow with dead watchers. Lives and is touched only on its activation.
/// </summary>
internal sealed class WatcherSubscriptions<TWatcher>(TimeProvider time)
    where TWatcher : notnull
{
    /// <summary>
    /// Most subscriptions one activation keeps. Each API process subscribes once per followed lease or object however many
    /// HTTP watchers it serves, so this bounds processes, not people; more are refused.
    /// </summary>
    public const int MaxSubscriptions = 10_000;

    private readonly Dictionary<TWatcher, long> _expiresAt = [];

    /// <summary>How many subscriptions are held, lapsed ones included until the next ring.</summary>
    public int Count => _expiresAt.Count;

    /// <summary>Subscribes or renews <paramref name="watcher"/> until <paramref name="lifetime"/> from now.</summary>
    /// <returns>False when the activation already holds <see cref="MaxSubscriptions"/> others.</returns>
    public bool Subscribe(TWatcher watcher, TimeSpan lifetime)
    {
        if (!_expiresAt.ContainsKey(watcher) && _expiresAt.Count >= MaxSubscriptions)
        {
            DropLapsed(time.GetTimestamp());
            if (_expiresAt.Count >= MaxSubscriptions)
            {
                return false;
            }
        }

        _expiresAt[watcher] = time.GetTimestamp() + (long)(lifetime.TotalSeconds * time.TimestampFrequency);
        return true;
    }

    public void Unsubscribe(TWatcher watcher) => _expiresAt.Remove(watcher);

    /// <summary>Calls <paramref name="ring"/> for every live subscription and drops the lapsed ones.</summary>
    public void Ring(Action<TWatcher> ring)
    {
        var now = time.GetTimestamp();
        DropLapsed(now);
        foreach (var watcher in _expiresAt.Keys)
        {
            ring(watcher);
        }
    }

    private void DropLapsed(long now)
    {
        List<TWatcher>? lapsed = null;
        foreach (var (watcher, expiresAt) in _expiresAt)
        {
            if (expiresAt <= now)
            {
                (lapsed ??= []).Add(watcher);
            }
        }

        foreach (var watcher in lapsed ?? [])
        {
            _expiresAt.Remove(watcher);
        }
    }
}
