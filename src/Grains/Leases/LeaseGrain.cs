using System.Security.Cryptography;
using Leasehold.Grains.Tokens;
using Leasehold.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace Leasehold.Grains.Leases;

/// <summary>
/// The lease on one resource. Safety: the fence advances only by a compare-and-swap on durable state,
/// and a grant is answered only after that write is durable, so two activations (or a failover) can
/// never hand out one fence twice. Liveness: expiry is timed on the monotonic clock, so a wall-clock
/// jump neither ends a lease early nor keeps it alive.
/// </summary>
/// <remarks>
/// Only <see cref="AcquireAsync"/> interleaves (it waits in line outside any turn); every change of state —
/// a grant, a renewal, a release, the expiry timer — runs one at a time under <see cref="RunTurnAsync{T}"/>, because an
/// interleaving acquire may resume between another request's awaits.
/// </remarks>
internal sealed partial class LeaseGrain(
    DurableStates states,
    IGrainContext grainContext,
    TokenSigner signer,
    // The grains' clock, not the silo's default: Orleans drives grain timers (the expiry timer below) from this area, so
    // the lease's timestamps and its timer must come from it too, or a silo that pins the area to another clock (a test's
    // fake clock, a skewed one) would time the lease on one clock and wake it on the other.
    [FromKeyedServices(TimeProviderNames.Grains)] TimeProvider time,
    IOptions<LeaseOptions> options,
    Serializer<LeaseChange> changeSerializer,
    LeaseholdInstruments instruments,
    ILogger<LeaseGrain> logger) : Grain, ILeaseGrain, IDisposable
{
    /// <summary>The name of the lease's state in grain storage.</summary>
    public const string StateName = "lease";

    private const int MaxCompareAndSwapAttempts = 3;
    private readonly LeaseOptions _options = options.Value;
    private readonly LinkedList<LeaseWaiter> _waiters = new();
    private readonly WaiterShares _shares = new(options.Value);
    private readonly RetainedChanges _retained = new(changeSerializer, options.Value.WatchHistory);
    private readonly DurableState<LeaseState> _state = states.Of(StateName, grainContext, LeaseState.Initial);
    private readonly SemaphoreSlim _turn = new(1, 1);
    private IGrainTimer _expiryTimer = null!;
    // Three moments on this silo's monotonic clock: the lease is surely held until _expiresAt (what is reported), surely
    // over after _overAt (until then its holder may still renew or release it; equal to _expiresAt except for a lease
    // recovered from storage, whose end is known only within the clock bound), and free for others from _availableAt.
    private long _expiresAt;
    private long _overAt;
    private long _availableAt;
    private bool _expiryObserved = true;
    // The lease being timed was taken over from storage (a failover), not granted or renewed here: its end is told as lost.
    private bool _recovered;
    // Cancelled when this silo begins to stop. A waiter in line is a running request, and Orleans deactivates an
    // activation only once none runs: were waiters to sit out their wait, a graceful stop (a rolling deploy) would be held
    // up by up to Leases:WaitMax and the lease would stay here meanwhile. On stopping they leave the line at once, told
    // the lease is held, and retry on the activation that comes next.
    private CancellationToken _siloStopping;

    private string Resource => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await signer.LoadAsync(cancellationToken);
        // Optional: a silo outside a generic host has no application lifetime, and its waiters sit out their waits.
        _siloStopping = ServiceProvider.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        _expiryTimer = this.RegisterGrainTimer(_ => RunTurnAsync(OnLeaseTimerAsync), Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        await _state.ReadAsync(cancellationToken);
        RecoverFromStoredState();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        instruments.LeaseForgotten(Resource);
        foreach (var waiter in _waiters)
        {
            waiter.Wake();
        }

        if (EndIsDue(time.GetTimestamp()))
        {
            // Record an expiry this activation saw before its successor would tell it as lost. Best effort: a failure
            // leaves it to the successor, which still records the end (as lost) before the next grant.
            try
            {
                await RunTurnAsync(RecordDueEndAsync).WaitAsync(cancellationToken);
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                LogExpiryUnrecorded(logger, Resource, error.Message);
            }
        }
    }

    public void Dispose() => _turn.Dispose();

    public async Task<LeaseResult> AcquireAsync(AcquireLease request)
    {
        // A principal takes leases only under its own name (alice, alice/worker-1), so a lease's holder tells whose it is.
        if (!Names.BelongsTo(request.Holder, request.Owner))
        {
            return new LeaseResult.Forbidden($"'{request.Owner}' may hold leases only as '{request.Owner}' or '{request.Owner}/<name>', not as '{request.Holder}'.");
        }

        // This method interleaves: it spends its wait outside any turn, and mutates state only inside
        // RunTurnAsync, one turn at a time with every other change.
        var waitUntil = time.GetTimestamp() + Ticks(request.Wait < _options.WaitMax ? request.Wait : _options.WaitMax);
        LeaseWaiter? me = null;
        var joinedLine = 0L;
        var waitOutcome = "held";
        try
        {
            while (true)
            {
                var result = await RunTurnAsync(() => TryGrantAsync(request, me));
                if (result is not LeaseResult.Held held)
                {
                    waitOutcome = result is LeaseResult.Granted ? "granted" : "other";
                    return result;
                }

                var remaining = time.GetElapsedTime(time.GetTimestamp(), waitUntil);
                if (remaining <= TimeSpan.Zero || _siloStopping.IsCancellationRequested)
                {
                    waitOutcome = _siloStopping.IsCancellationRequested ? "stopping" : "held";
                    return held;
                }

                if (me is null)
                {
                    if (_waiters.Count >= _options.MaxWaiters)
                    {
                        // A bounded line: a flood of waiters cannot grow this activation's memory without end.
                        return new LeaseResult.LineFull(_waiters.Count);
                    }

                    if (_shares.FullShareOf(request.Owner) is { } mine)
                    {
                        return new LeaseResult.LineFull(mine, Mine: true);
                    }

                    // Join the line, then look again at once: the lease may have come free meanwhile.
                    me = new LeaseWaiter(request.Owner, request.Mode);
                    me.Node = _waiters.AddLast(me);
                    joinedLine = time.GetTimestamp();
                    _shares.Join(me.Owner);

                    continue;
                }

                await me.WaitAsync(remaining, time, _siloStopping);
            }
        }
        finally
        {
            if (me is not null)
            {
                instruments.LeaseWaited(time.GetElapsedTime(joinedLine), waitOutcome);
            }

            if (me?.Node is { List: not null } node)
            {
                _waiters.Remove(node);
                _shares.Leave(me.Owner);
                WakeFirstWaiterIfFree();
            }
        }
    }

    public Task<LeaseResult> RenewAsync(RenewLease request) => RunTurnAsync(() => RenewInTurnAsync(request));

    public Task<LeaseResult> ReleaseAsync(string leaseId, string? owner = null) => RunTurnAsync(() => ReleaseInTurnAsync(leaseId, owner));

    /// <summary>
    /// Runs <paramref name="work"/> exclusively with every other change of this lease. Orleans runs one non-interleaving
    /// request at a time, but an interleaving acquire can resume between its awaits; this keeps each decision and the
    /// write that makes it durable together.
    /// </summary>
    private async Task<T> RunTurnAsync<T>(Func<Task<T>> work)
    {
        await _turn.WaitAsync();
        try
        {
            return await work();
        }
        finally
        {
            _turn.Release();
        }
    }

    private async Task RunTurnAsync(Func<Task> work) => await RunTurnAsync(async () =>
    {
        await work();
        return true;
    });

    private async Task<LeaseResult> RenewInTurnAsync(RenewLease request)
    {
        if (_state.State.LeaseId != request.LeaseId && !_state.State.Shared.IsDefaultOrEmpty)
        {
            return await RenewSharedInTurnAsync(request);
        }

        for (var attempt = 0; attempt < MaxCompareAndSwapAttempts; attempt++)
        {
            var now = time.GetTimestamp();
            var state = _state.State;
            if (!IsHoldersStill(now) || state.LeaseId != request.LeaseId)
            {
                return Lost(request.LeaseId);
            }

            if (!Names.BelongsTo(state.Holder!, request.Owner))
            {
                return NotYours(request.Owner!);
            }

            var ttl = request.Ttl ?? state.Ttl;
            using var span = LeaseholdDiagnostics.StartLeaseSpan(SpanNames.LeaseRenew, Resource, state.Holder, state.Fence);
            var renewed = (state with { Ttl = ttl, ExpiresAtUtc = time.GetUtcNow() + ttl })
                .Record(_retained, LeaseChangeKind.Renewed, state.Holder!, state.Fence, time.GetUtcNow());
            if (await TryWriteAsync(renewed))
            {
                StartLeaseClock(now, ttl);
                instruments.LeaseRenewed(Resource, state.Holder!, state.Fence, ttl, renewed.ExpiresAtUtc!.Value);
                LogRenewed(logger, Resource, state.Holder!, state.Fence);
                return new LeaseResult.Granted(CurrentLease());
            }
        }

        throw ContendedState();
    }

    private async Task<LeaseResult> ReleaseInTurnAsync(string leaseId, string? owner)
    {
        if (_state.State.LeaseId != leaseId && !_state.State.Shared.IsDefaultOrEmpty)
        {
            return await ReleaseSharedInTurnAsync(leaseId, owner);
        }

        for (var attempt = 0; attempt < MaxCompareAndSwapAttempts; attempt++)
        {
            var now = time.GetTimestamp();
            var state = _state.State;
            if (!IsHoldersStill(now) || state.LeaseId != leaseId)
            {
                return Lost(leaseId);
            }

            if (!Names.BelongsTo(state.Holder!, owner))
            {
                return NotYours(owner!);
            }

            using var span = LeaseholdDiagnostics.StartLeaseSpan(SpanNames.LeaseRelease, Resource, state.Holder, state.Fence);
            var released = (state with { LeaseId = null, Holder = null, ExpiresAtUtc = null })
                .Record(_retained, LeaseChangeKind.Released, state.Holder!, state.Fence, time.GetUtcNow());
            if (await TryWriteAsync(released))
            {
                instruments.LeaseReleased(Resource);
                _expiryObserved = true;
                _availableAt = now;
                _expiryTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                LogReleased(logger, Resource, state.Holder!, state.Fence);
                WakeFirstWaiterIfFree();
                return new LeaseResult.Released(state.Fence);
            }
        }

        throw ContendedState();
    }

    public Task<LeaseView> GetAsync()
    {
        var now = time.GetTimestamp();
        var state = _state.State;
        if (!state.Shared.IsDefaultOrEmpty)
        {
            return Task.FromResult(SharedView(now));
        }

        var held = IsHeld(now);
        return Task.FromResult(new LeaseView(
            Resource,
            held,
            held ? state.Holder : null,
            state.Fence,
            held ? state.ExpiresAtUtc : null,
            held ? time.GetElapsedTime(now, _expiresAt) : null,
            _waiters.Count));
    }

    /// <summary>One turn: grant, extend for the same holder, or report who holds it.</summary>
    private async Task<LeaseResult> TryGrantAsync(AcquireLease request, LeaseWaiter? me)
    {
        if (request.Mode == LeaseMode.Shared)
        {
            return await TryGrantSharedAsync(request, me);
        }

        for (var attempt = 0; attempt < MaxCompareAndSwapAttempts; attempt++)
        {
            var now = time.GetTimestamp();
            var state = _state.State;
            if (state.Holder == request.Holder && IsHoldersStill(now))
            {
                // The holder asks again (a retry after an unknown outcome): same lease, same fence, extended.
                var extended = (state with { Ttl = request.Ttl, ExpiresAtUtc = time.GetUtcNow() + request.Ttl })
                    .Record(_retained, LeaseChangeKind.Renewed, state.Holder, state.Fence, time.GetUtcNow());
                using var renewSpan = LeaseholdDiagnostics.StartLeaseSpan(SpanNames.LeaseRenew, Resource, state.Holder, state.Fence);
                if (await TryWriteAsync(extended))
                {
                    StartLeaseClock(now, request.Ttl);
                    instruments.LeaseRenewed(Resource, request.Holder, state.Fence, request.Ttl, extended.ExpiresAtUtc!.Value);
                    return new LeaseResult.Granted(CurrentLease());
                }

                continue;
            }

            if (IsHeld(now))
            {
                return new LeaseResult.Held(state.Holder, state.Fence, time.GetElapsedTime(now, _availableAt));
            }

            if (now < _availableAt)
            {
                return new LeaseResult.Held(null, state.Fence, time.GetElapsedTime(now, _availableAt));
            }

            if (!state.Shared.IsDefaultOrEmpty && SharedFreeAt() is var sharedFreeAt && now < sharedFreeAt)
            {
                // Readers hold it (or may still, or their lock delay runs): a writer waits until the last is surely over.
                return new LeaseResult.Held(FirstSharedHolder(now), state.Fence, time.GetElapsedTime(now, sharedFreeAt));
            }

            if (_waiters.First is { } first && first.Value != me)
            {
                // Others were here first; they are being woken in order.
                return new LeaseResult.Held(null, state.Fence, TimeSpan.Zero);
            }

            // The previous lease's end, if unrecorded, goes into the same write as the grant: no extra round trip.
            var granted = (WithEndRecorded(state) with
            {
                Fence = state.Fence + 1, LeaseId = NewLeaseId(), Holder = request.Holder, Ttl = request.Ttl, ExpiresAtUtc = time.GetUtcNow() + request.Ttl,
            }).Record(_retained, LeaseChangeKind.Granted, request.Holder, state.Fence + 1, time.GetUtcNow());
            using var span = LeaseholdDiagnostics.StartLeaseSpan(SpanNames.LeaseGrant, Resource, request.Holder, granted.Fence);
            if (await TryWriteAsync(granted))
            {
                StartLeaseClock(now, request.Ttl);
                instruments.LeaseGranted(Resource, request.Holder, granted.Fence, request.Ttl, granted.ExpiresAtUtc!.Value);
                LogGranted(logger, Resource, request.Holder, granted.Fence);
                return new LeaseResult.Granted(CurrentLease());
            }
        }

        throw ContendedState();
    }

    private InconsistentStateException ContendedState() =>
        new($"The lease on '{Resource}' kept changing under another activation; try again.");

    /// <summary>
    /// Compare-and-swap on the durable state. False when another activation wrote first; the state
    /// is then re-read, so the next decision is made on what is durable.
    /// </summary>
    private async Task<bool> TryWriteAsync(LeaseState next)
    {
        try
        {
            await _state.WriteAsync(next, CancellationToken.None);
            DropEndedHoldClocks();
            RingWatchers();
            return true;
        }
        catch (InconsistentStateException)
        {
            System.Diagnostics.Activity.Current?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, "another activation wrote first");
            LogLostCompareAndSwap(logger, Resource, next.Fence);
            await _state.ReadAsync(CancellationToken.None);
            RecoverFromStoredState();
            return false;
        }
    }

    /// <summary>
    /// Takes over whatever lease storage says exists. Its expiry was read off some silo's wall clock, so it is known only
    /// within the clock-uncertainty bound either way (a confidence interval, not a point in time): the lease was surely
    /// still held until that expiry minus the bound, and is surely over after it plus the bound. So this activation
    /// reports it held only until the former, and lets nobody else take it before the latter: it neither claims a lease
    /// that another activation of this grain may already have let go and granted again (views disagree during a
    /// failover), nor grants one that may still be running. In between, the holder may still renew or release it: the
    /// compare-and-swap refuses that if another activation granted the next fence meanwhile. From then on its times are
    /// on this silo's monotonic clock.
    /// </summary>
    private void RecoverFromStoredState()
    {
        var state = _state.State;
        var now = time.GetTimestamp();
        if (state is { LeaseId: not null, ExpiresAtUtc: { } expiresAtUtc })
        {
            var untilStoredExpiry = expiresAtUtc - time.GetUtcNow();
            var surelyHeld = untilStoredExpiry - _options.ClockUncertainty;
            StartLeaseClock(now, surelyHeld > TimeSpan.Zero ? surelyHeld : TimeSpan.Zero, untilStoredExpiry + _options.ClockUncertainty);
            _recovered = true;
            instruments.LeaseRecovered(Resource, state.Holder!, state.Fence, surelyHeld, expiresAtUtc - _options.ClockUncertainty);
        }
        else
        {
            instruments.LeaseForgotten(Resource);
            _expiresAt = _overAt = _availableAt = now;
            _expiryObserved = true;
            _recovered = false;
            if (state.ExpiresAtUtc is { } endedAtUtc && _options.LockDelay > TimeSpan.Zero)
            {
                // An expiry recorded for watchers keeps its time: the lock delay still runs from it, within the clock bound.
                var untilAvailable = endedAtUtc + _options.ClockUncertainty + _options.LockDelay - time.GetUtcNow();
                _availableAt = untilAvailable > TimeSpan.Zero ? now + Ticks(untilAvailable) : now;
                DelayDeactivation(time.GetElapsedTime(now, _availableAt));
            }
        }

        RecoverSharedHolds(now);
    }

    /// <summary>
    /// Times a lease surely held for <paramref name="ttl"/> from <paramref name="now"/> and surely over after
    /// <paramref name="overAfter"/> (a recovered lease's uncertainty; by default the TTL). Nobody else may take it before
    /// it is surely over, and then not for the lock delay either — whether or not the expiry timer has ticked by then;
    /// a release makes it free at once.
    /// </summary>
    private void StartLeaseClock(long now, TimeSpan ttl, TimeSpan? overAfter = null)
    {
        _expiresAt = now + Ticks(ttl);
        _overAt = Math.Max(_expiresAt, now + Ticks(overAfter ?? TimeSpan.Zero));
        _availableAt = _overAt + Ticks(_options.LockDelay);
        _expiryObserved = false;
        _recovered = false;
        _expiryTimer.Change(time.GetElapsedTime(now, _overAt), Timeout.InfiniteTimeSpan);
        DelayDeactivation(time.GetElapsedTime(now, _availableAt));
    }

    private async Task OnLeaseTimerAsync()
    {
        if (!_state.State.Shared.IsDefaultOrEmpty)
        {
            await OnSharedTimerAsync();
            return;
        }

        var now = time.GetTimestamp();
        if (IsHoldersStill(now))
        {
            _expiryTimer.Change(time.GetElapsedTime(now, _overAt), Timeout.InfiniteTimeSpan);
            return;
        }

        if (!_expiryObserved && _state.State.LeaseId is not null)
        {
            _expiryObserved = true;
            _availableAt = Math.Max(_availableAt, _overAt + Ticks(_options.LockDelay));
            using var span = LeaseholdDiagnostics.StartLeaseSpan(SpanNames.LeaseExpire, Resource, _state.State.Holder, _state.State.Fence);
            instruments.LeaseExpired(Resource);
            LogExpired(logger, Resource, _state.State.Holder!, _state.State.Fence);
            if (_watchers is { Count: > 0 })
            {
                // Watched: record the end now so watchers hear of it (a write per watched expiry, none per grant).
                await RecordDueEndAsync();
                now = time.GetTimestamp();
            }
        }

        if (now < _availableAt)
        {
            _expiryTimer.Change(time.GetElapsedTime(now, _availableAt), Timeout.InfiniteTimeSpan);
        }
        else
        {
            WakeFirstWaiterIfFree();
        }
    }

    private void WakeFirstWaiterIfFree()
    {
        if (_waiters.First is not { } first)
        {
            return;
        }

        var now = time.GetTimestamp();
        var noShared = _state.State.Shared.IsDefaultOrEmpty;
        if (!IsHeld(now) && now >= _availableAt && (noShared || now >= SharedFreeAt()))
        {
            first.Value.Wake();
            if (first.Value.Mode == LeaseMode.Shared)
            {
                WakeSharedRun(first.Next);
            }
        }
        else if (!noShared && first.Value.Mode == LeaseMode.Shared && SharedEpochRuns(now))
        {
            // Readers hold it and the line's head is a reader (the writer ahead of it left): the leading readers join them.
            WakeSharedRun(first);
        }
    }

    /// <summary>Surely held: what the grain reports, and what keeps every other holder out.</summary>
    private bool IsHeld(long now) => _state.State.LeaseId is not null && now < _expiresAt;

    /// <summary>Not surely over: its holder may still renew, re-acquire or release it.</summary>
    private bool IsHoldersStill(long now) => _state.State.LeaseId is not null && now < _overAt;

    private Lease CurrentLease()
    {
        var state = _state.State;
        var token = signer.Sign(new FencingToken(signer.KeyId, Resource, state.Fence, state.LeaseId!, state.Holder!));
        return new Lease(Resource, state.Holder!, state.LeaseId!, state.Fence, token, state.Ttl, state.ExpiresAtUtc!.Value);
    }

    /// <summary>The lease id is right but the lease belongs to another principal's holder: knowing an id is not owning it.</summary>
    private LeaseResult.Forbidden NotYours(string owner) =>
        new($"The lease on '{Resource}' does not belong to '{owner}'.");

    private LeaseResult.Lost Lost(string leaseId) =>
        new(_state.State.LeaseId == leaseId || IndexOf(SharedHolds, hold => hold.LeaseId == leaseId) >= 0
            ? "the lease expired"
            : "the lease id is not the current lease of this resource (it expired, was released, or never existed)");

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * time.TimestampFrequency);

    private static string NewLeaseId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
