using Leasehold.Grains.Watches;
using Microsoft.Extensions.Logging;

namespace Leasehold.Grains.Leases;

/// <summary>
/// Watches: the lease rings its subscribed watchers (one-way) after every durable change, and answers the retained changes
/// after a watcher's last id. Nothing here runs on the grant path unless someone is subscribed.
/// </summary>
internal sealed partial class LeaseGrain : ILeaseWatchGrain
{
    // Made on first subscription: a lease nobody follows carries none.
    private WatcherSubscriptions<ILeaseWatcher>? _watchers;

    /// <summary>Longest subscription a watcher may ask for; it renews well before.</summary>
    private static readonly TimeSpan MaxWatchLifetime = TimeSpan.FromMinutes(5);

    public Task WatchAsync(ILeaseWatcher watcher, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(watcher);
        lifetime = lifetime <= TimeSpan.Zero || lifetime > MaxWatchLifetime ? MaxWatchLifetime : lifetime;
        if (!(_watchers ??= new(time)).Subscribe(watcher, lifetime))
        {
            throw new InvalidOperationException($"The lease on '{Resource}' has {WatcherSubscriptions<ILeaseWatcher>.MaxSubscriptions} watchers already.");
        }

        // Stay here while watched, so the watcher's subscription is not lost to idle collection between its renewals.
        DelayDeactivation(lifetime);
        return Task.CompletedTask;
    }

    public Task UnwatchAsync(ILeaseWatcher watcher)
    {
        _watchers?.Unsubscribe(watcher);
        return Task.CompletedTask;
    }

    public async Task<LeaseChanges> GetChangesAsync(long after)
    {
        if (EndIsDue(time.GetTimestamp()))
        {
            // Someone is looking: the expiry the timer saw (or is about to see) becomes a change with an id now.
            await RunTurnAsync(RecordDueEndAsync);
        }

        if (after > _state.State.Index)
        {
            // The watcher saw a later change than this activation knows: it followed another activation, and this one may
            // be stale (two can briefly exist while membership changes). Catch up from storage before answering, so a
            // stream never goes back; still ahead after that, the watcher followed another history (a wiped database).
            await RunTurnAsync(CatchUpAsync);
        }

        var state = _state.State;
        var view = await GetAsync();
        return state.After(_retained, after) is { } changes
            ? new LeaseChanges(state.Index, changes, Reset: false, view)
            : new LeaseChanges(state.Index, [], Reset: true, view);
    }

    /// <summary>
    /// The lease is surely over but its end is not recorded: durable state still names the holder. Recorded when a watcher
    /// is subscribed or asks, on deactivation, or at the latest with the next grant — never by an extra write per grant.
    /// </summary>
    private bool EndIsDue(long now) =>
        (_state.State.LeaseId is not null && !IsHoldersStill(now)) || (!_state.State.Shared.IsDefaultOrEmpty && SharedEndIsDue(now));

    /// <summary>How an unreleased lease's end is told: expired if this activation timed it, lost if it took it over from storage.</summary>
    private LeaseChangeKind EndKind => _recovered ? LeaseChangeKind.Lost : LeaseChangeKind.Expired;

    /// <summary>
    /// <paramref name="state"/> with the end of its unreleased lease recorded, the holder cleared and the expiry kept (for the
    /// lock delay); and the ends of shared holds surely over, if any.
    /// </summary>
    private LeaseState WithEndRecorded(LeaseState state)
    {
        if (!state.Shared.IsDefaultOrEmpty)
        {
            state = WithSharedEndsRecorded(state, time.GetTimestamp());
        }

        return state.LeaseId is null
            ? state
            : (state with { LeaseId = null, Holder = null }).Record(_retained, EndKind, state.Holder!, state.Fence, time.GetUtcNow());
    }

    /// <summary>In a turn: adopts what storage holds if another activation wrote since this one last read or wrote.</summary>
    private async Task CatchUpAsync()
    {
        if (await _state.RefreshAsync(CancellationToken.None))
        {
            RecoverFromStoredState();
        }
    }

    /// <summary>In a turn: records a due end. A lost compare-and-swap leaves it to whichever activation wrote.</summary>
    private async Task RecordDueEndAsync()
    {
        for (var attempt = 0; attempt < MaxCompareAndSwapAttempts && EndIsDue(time.GetTimestamp()); attempt++)
        {
            if (await TryWriteAsync(WithEndRecorded(_state.State)))
            {
                return;
            }
        }
    }

    /// <summary>After a durable change: ring every live watcher. One-way, so none can slow the lease down.</summary>
    private void RingWatchers()
    {
        if (_watchers is not { Count: > 0 } watchers)
        {
            return;
        }

        var index = _state.State.Index;
        watchers.Ring(watcher =>
        {
            try
            {
                watcher.LeaseChanged(Resource, index);
            }
            catch (Exception error)
            {
                // A watcher that cannot be reached is its own loss: it reads what it missed when it next renews.
                LogWatcherUnreachable(logger, Resource, error.Message);
            }
        });
    }

    [LoggerMessage(EventId = 2006, Level = LogLevel.Debug, Message = "Lease on {Resource}: its expiry was left unrecorded on deactivation ({Reason}); the successor records it")]
    private static partial void LogExpiryUnrecorded(ILogger logger, string resource, string reason);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Debug, Message = "Lease on {Resource}: a watcher could not be rung ({Reason})")]
    private static partial void LogWatcherUnreachable(ILogger logger, string resource, string reason);
}
