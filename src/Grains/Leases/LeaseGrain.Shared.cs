using System.Collections.Immutable;
using Leasehold.Diagnostics;

namespace Leasehold.Grains.Leases;

/// <summary>
/// Shared mode, Chubby's reader locks: many shared holders at once, or one exclusive holder, never both. Writers are not
/// starved: the one fair line decides, so a shared acquire that finds an exclusive acquirer waiting ahead of it waits
/// behind it, and when the lock comes free a leading run of shared waiters is woken together.
/// Fences: the first shared grant of a shared epoch (the lock was free or exclusively held before) advances the fence, and
/// the holders that join the epoch get that same fence; an exclusive grant advances it as always. So no fence is ever both
/// an exclusive holder's and a reader's, and every exclusive holder after an epoch has a fence above it.
/// Nothing here runs on the exclusive path unless the state holds shared holders: a lease never used in shared mode
/// allocates and writes what it did before.
/// </summary>
internal sealed partial class LeaseGrain
{
    // The shared holds' times on this silo's monotonic clock, by lease id; made on the first shared grant or recovery.
    private Dictionary<string, HoldClock>? _sharedClocks;

    private ImmutableArray<SharedHold> SharedHolds => _state.State.Shared.IsDefault ? [] : _state.State.Shared;

    private HoldClock ClockOf(SharedHold hold) => _sharedClocks![hold.LeaseId];

    /// <summary>One turn for a shared acquire: extend for the same holder, join the running epoch, start one, or report why not.</summary>
    private async Task<LeaseResult> TryGrantSharedAsync(AcquireLease request, LeaseWaiter? me)
    {
        for (var attempt = 0; attempt < MaxCompareAndSwapAttempts; attempt++)
        {
            var now = time.GetTimestamp();
            var state = _state.State;
            var holds = SharedHolds;
            var mine = IndexOf(holds, hold => hold.Holder == request.Holder && now < ClockOf(hold).OverAt);
            if (mine >= 0)
            {
                // The shared holder asks again (a retry after an unknown outcome): same lease, same fence, extended.
                if (await TryRenewSharedAsync(state, mine, request.Ttl, now) is { } extended)
                {
                    return extended;
                }

                continue;
            }

            if (state.LeaseId is not null && IsHoldersStill(now))
            {
                return new LeaseResult.Held(IsHeld(now) ? state.Holder : null, state.Fence, time.GetElapsedTime(now, _availableAt));
            }

            var epochRuns = SharedEpochRuns(now);
            if (!epochRuns && Math.Max(_availableAt, SharedFreeAt()) is var freeAt && now < freeAt)
            {
                return new LeaseResult.Held(null, state.Fence, time.GetElapsedTime(now, freeAt));
            }

            if (ExclusiveWaitsAhead(me))
            {
                // No barging: a writer waits ahead, and readers that arrive after it wait behind it.
                return new LeaseResult.Held(epochRuns ? FirstSharedHolder(now) : null, state.Fence, TimeSpan.Zero);
            }

            // Join the running epoch with its fence, or start one with the next. Ends due (the exclusive lease's, shared
            // holds surely over) go into the same write, as with an exclusive grant.
            var fence = epochRuns ? state.Fence : state.Fence + 1;
            var hold = new SharedHold(NewLeaseId(), request.Holder, request.Ttl, time.GetUtcNow() + request.Ttl);
            var ended = WithEndRecorded(state);
            var granted = (ended with { Fence = fence, Shared = ended.Shared.IsDefault ? [hold] : ended.Shared.Add(hold) })
                .Record(_retained, LeaseChangeKind.Granted, hold.Holder, fence, time.GetUtcNow(), LeaseMode.Shared, hold.ExpiresAtUtc);
            using var span = LeaseholdDiagnostics.StartLeaseSpan(SpanNames.LeaseGrant, Resource, hold.Holder, fence);
            // Timed before the write: once it is durable the hold is in the state, and every reader of the state finds its clock.
            StartHoldClock(hold, now);
            if (await TryWriteAsync(granted))
            {
                ArmSharedTimer(now);
                instruments.SharedLeaseGranted(Resource, hold.Holder, fence, hold.Ttl, hold.ExpiresAtUtc);
                LogGranted(logger, Resource, hold.Holder, fence);
                return new LeaseResult.Granted(SharedLease(hold));
            }
        }

        throw ContendedState();
    }

    /// <summary>In a turn: renews the shared hold named by <paramref name="request"/>'s lease id.</summary>
    private async Task<LeaseResult> RenewSharedInTurnAsync(RenewLease request)
    {
        for (var attempt = 0; attempt < MaxCompareAndSwapAttempts; attempt++)
        {
            var now = time.GetTimestamp();
            var index = IndexOfSharedHold(request.LeaseId, now);
            if (index < 0)
            {
                return Lost(request.LeaseId);
            }

            var hold = SharedHolds[index];
            if (!Names.BelongsTo(hold.Holder, request.Owner))
            {
                return NotYours(request.Owner!);
            }

            if (await TryRenewSharedAsync(_state.State, index, request.Ttl ?? hold.Ttl, now) is { } renewed)
            {
                return renewed;
            }
        }

        throw ContendedState();
    }

    /// <summary>Extends the shared hold at <paramref name="index"/>; null when another activation wrote first.</summary>
    private async Task<LeaseResult?> TryRenewSharedAsync(LeaseState state, int index, TimeSpan ttl, long now)
    {
        var hold = state.Shared[index];
        var renewedHold = hold with { Ttl = ttl, ExpiresAtUtc = time.GetUtcNow() + ttl };
        var renewed = (state with { Shared = state.Shared.SetItem(index, renewedHold) })
            .Record(_retained, LeaseChangeKind.Renewed, hold.Holder, state.Fence, time.GetUtcNow(), LeaseMode.Shared, renewedHold.ExpiresAtUtc);
        using var span = LeaseholdDiagnostics.StartLeaseSpan(SpanNames.LeaseRenew, Resource, hold.Holder, state.Fence);
        if (!await TryWriteAsync(renewed))
        {
            return null;
        }

        StartHoldClock(renewedHold, now);
        ArmSharedTimer(now);
        instruments.SharedLeaseRenewed(Resource, hold.Holder, state.Fence, ttl, renewedHold.ExpiresAtUtc);
        LogRenewed(logger, Resource, hold.Holder, state.Fence);
        return new LeaseResult.Granted(SharedLease(renewedHold));
    }

    /// <summary>In a turn: ends the shared hold named by <paramref name="leaseId"/>. The last one out frees the lock at once.</summary>
    private async Task<LeaseResult> ReleaseSharedInTurnAsync(string leaseId, string? owner)
    {
        for (var attempt = 0; attempt < MaxCompareAndSwapAttempts; attempt++)
        {
            var now = time.GetTimestamp();
            var index = IndexOfSharedHold(leaseId, now);
            if (index < 0)
            {
                return Lost(leaseId);
            }

            var state = _state.State;
            var hold = state.Shared[index];
            if (!Names.BelongsTo(hold.Holder, owner))
            {
                return NotYours(owner!);
            }

            var remaining = state.Shared.RemoveAt(index);
            using var span = LeaseholdDiagnostics.StartLeaseSpan(SpanNames.LeaseRelease, Resource, hold.Holder, state.Fence);
            var released = (state with { Shared = remaining.IsEmpty ? default : remaining })
                .Record(_retained, LeaseChangeKind.Released, hold.Holder, state.Fence, time.GetUtcNow(), LeaseMode.Shared);
            if (await TryWriteAsync(released))
            {
                instruments.SharedLeaseReleased(Resource, hold.Holder);
                LogReleased(logger, Resource, hold.Holder, state.Fence);
                if (!ArmSharedTimer(now))
                {
                    WakeFirstWaiterIfFree();
                }

                return new LeaseResult.Released(state.Fence);
            }
        }

        throw ContendedState();
    }

    /// <summary>The view of a lease in shared mode: the holders surely holding it now, never their lease ids.</summary>
    private LeaseView SharedView(long now)
    {
        var state = _state.State;
        var holders = ImmutableArray.CreateBuilder<SharedHolderView>();
        var latest = (Expiry: (DateTimeOffset?)null, Remaining: (TimeSpan?)null);
        foreach (var hold in SharedHolds)
        {
            var clock = ClockOf(hold);
            if (now < clock.ExpiresAt)
            {
                holders.Add(new SharedHolderView(hold.Holder, state.Fence, hold.ExpiresAtUtc));
                var remaining = time.GetElapsedTime(now, clock.ExpiresAt);
                latest = (latest.Expiry is { } expiry && expiry > hold.ExpiresAtUtc ? expiry : hold.ExpiresAtUtc,
                    latest.Remaining is { } left && left > remaining ? left : remaining);
            }
        }

        var held = holders.Count > 0;
        return new LeaseView(Resource, held, null, state.Fence, latest.Expiry, latest.Remaining, _waiters.Count,
            held ? LeaseMode.Shared : LeaseMode.Exclusive, holders.ToImmutable());
    }

    /// <summary>Some shared hold is not surely over: its holder may still renew it, and readers may join its epoch.</summary>
    private bool SharedEpochRuns(long now)
    {
        foreach (var hold in SharedHolds)
        {
            if (now < ClockOf(hold).OverAt)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>When the shared holds, as timed now, let an exclusive holder (or a new epoch) in: after the last is surely over and its lock delay.</summary>
    private long SharedFreeAt()
    {
        var freeAt = long.MinValue;
        foreach (var hold in SharedHolds)
        {
            freeAt = Math.Max(freeAt, ClockOf(hold).OverAt + Ticks(_options.LockDelay));
        }

        return freeAt;
    }

    private string? FirstSharedHolder(long now) => SharedHolds.FirstOrDefault(hold => now < ClockOf(hold).ExpiresAt)?.Holder;

    /// <summary>The index of the shared hold <paramref name="leaseId"/> while its holder may still act on it; -1 when none.</summary>
    private int IndexOfSharedHold(string leaseId, long now) =>
        IndexOf(SharedHolds, hold => hold.LeaseId == leaseId && now < ClockOf(hold).OverAt);

    /// <summary>An exclusive acquirer waits in line ahead of <paramref name="me"/> (anywhere in line, for one not in it).</summary>
    private bool ExclusiveWaitsAhead(LeaseWaiter? me)
    {
        for (var node = _waiters.First; node is not null && node.Value != me; node = node.Next)
        {
            if (node.Value.Mode == LeaseMode.Exclusive)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Wakes the shared waiters from <paramref name="node"/> up to the first exclusive one: they may all hold together.</summary>
    private static void WakeSharedRun(LinkedListNode<LeaseWaiter>? node)
    {
        for (; node is { Value.Mode: LeaseMode.Shared }; node = node.Next)
        {
            node.Value.Wake();
        }
    }

    /// <summary><paramref name="state"/> with the end of every shared hold that is surely over recorded and the hold dropped.</summary>
    private LeaseState WithSharedEndsRecorded(LeaseState state, long now)
    {
        var remaining = state.Shared;
        foreach (var hold in state.Shared)
        {
            var clock = ClockOf(hold);
            if (now < clock.OverAt)
            {
                continue;
            }

            remaining = remaining.Remove(hold);
            // The latest ended expiry stays (with no exclusive lease it is read only for the lock delay, also after failover).
            state = (state with { ExpiresAtUtc = state.ExpiresAtUtc > hold.ExpiresAtUtc ? state.ExpiresAtUtc : hold.ExpiresAtUtc })
                .Record(_retained, clock.Recovered ? LeaseChangeKind.Lost : LeaseChangeKind.Expired, hold.Holder, state.Fence, time.GetUtcNow(), LeaseMode.Shared);
            _availableAt = Math.Max(_availableAt, clock.OverAt + Ticks(_options.LockDelay));
        }

        return state with { Shared = remaining.IsEmpty ? default : remaining };
    }

    private bool SharedEndIsDue(long now)
    {
        foreach (var hold in SharedHolds)
        {
            if (now >= ClockOf(hold).OverAt)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The expiry timer, while the state holds shared holds: observe those surely over, then wait for the next.</summary>
    private async Task OnSharedTimerAsync()
    {
        var now = time.GetTimestamp();
        var due = false;
        foreach (var hold in SharedHolds)
        {
            var clock = ClockOf(hold);
            if (now >= clock.OverAt && !clock.ExpiryObserved)
            {
                clock.ExpiryObserved = true;
                _availableAt = Math.Max(_availableAt, clock.OverAt + Ticks(_options.LockDelay));
                using var span = LeaseholdDiagnostics.StartLeaseSpan(SpanNames.LeaseExpire, Resource, hold.Holder, _state.State.Fence);
                instruments.SharedLeaseExpired(Resource, hold.Holder);
                LogExpired(logger, Resource, hold.Holder, _state.State.Fence);
                due = true;
            }
        }

        if (due && _watchers is { Count: > 0 })
        {
            // Watched: record the ends now so watchers hear of them (a write per watched expiry, none per grant).
            await RecordDueEndAsync();
            now = time.GetTimestamp();
        }

        if (!ArmSharedTimer(now))
        {
            WakeFirstWaiterIfFree();
        }
    }

    /// <summary>
    /// Sets the expiry timer for the next shared hold to end, or, once all have, for the end of the lock delay. False when
    /// there is nothing left to wait for (the lock is free, as far as shared holds go).
    /// </summary>
    private bool ArmSharedTimer(long now)
    {
        var next = long.MaxValue;
        foreach (var hold in SharedHolds)
        {
            var clock = ClockOf(hold);
            if (!clock.ExpiryObserved)
            {
                next = Math.Min(next, Math.Max(now, clock.OverAt));
            }
        }

        if (next == long.MaxValue && Math.Max(_availableAt, SharedFreeAt()) is var freeAt && freeAt > now)
        {
            next = freeAt;
        }

        if (next == long.MaxValue)
        {
            _expiryTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return false;
        }

        _expiryTimer.Change(time.GetElapsedTime(now, next), Timeout.InfiniteTimeSpan);
        return true;
    }

    /// <summary>Times a hold granted or renewed, on this silo's monotonic clock; the caller arms the timer once the hold is durable.</summary>
    private void StartHoldClock(SharedHold hold, long now)
    {
        _sharedClocks ??= new(StringComparer.Ordinal);
        if (!_sharedClocks.TryGetValue(hold.LeaseId, out var clock))
        {
            _sharedClocks[hold.LeaseId] = clock = new HoldClock();
        }

        clock.Start(now, Ticks(hold.Ttl));
        DelayDeactivation(time.GetElapsedTime(now, clock.OverAt + Ticks(_options.LockDelay)));
    }

    /// <summary>After a durable change: forget the clocks of holds no longer in the state.</summary>
    private void DropEndedHoldClocks()
    {
        if (_sharedClocks is not { Count: > 0 } clocks)
        {
            return;
        }

        foreach (var leaseId in clocks.Keys.ToArray())
        {
            if (IndexOf(SharedHolds, hold => hold.LeaseId == leaseId) < 0)
            {
                clocks.Remove(leaseId);
            }
        }
    }

    /// <summary>
    /// Takes over the shared holds storage names, with the rule of <see cref="RecoverFromStoredState"/> for each: surely held
    /// until its stored expiry minus the clock bound, surely over after it plus the bound. No exclusive grant comes before the
    /// last of them is surely over (and its lock delay has run).
    /// </summary>
    private void RecoverSharedHolds(long now)
    {
        _sharedClocks?.Clear();
        var holds = SharedHolds;
        if (holds.IsEmpty)
        {
            return;
        }

        _sharedClocks ??= new(StringComparer.Ordinal);
        var nowUtc = time.GetUtcNow();
        foreach (var hold in holds)
        {
            var untilStoredExpiry = hold.ExpiresAtUtc - nowUtc;
            var clock = new HoldClock();
            clock.Recover(now, Ticks(untilStoredExpiry - _options.ClockUncertainty), Ticks(untilStoredExpiry + _options.ClockUncertainty));
            _sharedClocks[hold.LeaseId] = clock;
            DelayDeactivation(time.GetElapsedTime(now, clock.OverAt + Ticks(_options.LockDelay)));
            instruments.SharedLeaseRecovered(Resource, hold.Holder, _state.State.Fence, time.GetElapsedTime(now, clock.ExpiresAt), hold.ExpiresAtUtc - _options.ClockUncertainty);
        }

        ArmSharedTimer(now);
    }

    private static int IndexOf(ImmutableArray<SharedHold> holds, Func<SharedHold, bool> match)
    {
        for (var i = 0; i < holds.Length; i++)
        {
            if (match(holds[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private Lease SharedLease(SharedHold hold)
    {
        var fence = _state.State.Fence;
        var token = signer.Sign(new FencingToken(signer.KeyId, Resource, fence, hold.LeaseId, hold.Holder, LeaseMode.Shared));
        return new Lease(Resource, hold.Holder, hold.LeaseId, fence, token, hold.Ttl, hold.ExpiresAtUtc, LeaseMode.Shared);
    }
}
