using Leasehold.Grains.Leases;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace Leasehold.Grains.Sessions;

/// <summary>
/// One session: a TTL and a keep-alive shared by many leases. The leases are the lease grains' own, held by the session's
/// holder and timed by the session (granted for what is left of it, renewed to its TTL by each keep-alive); when the
/// session ends — closed, or not kept alive in time — it releases every one. Safety does not rest on this grain: a lease
/// it fails to release (this silo died, say) runs out by its own TTL, which is never longer than the session's, and a
/// lease that has ended is refused for writes by its fence like any other.
/// </summary>
/// <remarks>
/// Every change of state runs one at a time under <see cref="RunTurnAsync{T}"/>; only <see cref="AcquireAsync"/>
/// interleaves, spending its wait in the lease's line outside any turn.
/// </remarks>
internal sealed partial class SessionGrain(
    DurableStates states,
    IGrainContext grainContext,
    // The grains' clock, as the lease grain's: Orleans drives grain timers from this area.
    [FromKeyedServices(TimeProviderNames.Grains)] TimeProvider time,
    IOptions<LeaseOptions> options,
    ILogger<SessionGrain> logger) : Grain, ISessionGrain, IDisposable
{
    /// <summary>The name of the session's state in grain storage.</summary>
    public const string StateName = "session";

    /// <summary>Why a session ended: its holder closed it.</summary>
    public const string Closed = "closed";

    /// <summary>Why a session ended: it was not kept alive within its TTL.</summary>
    public const string Expired = "expired";

    private const int MaxCompareAndSwapAttempts = 3;
    private readonly LeaseOptions _options = options.Value;
    private readonly DurableState<SessionState> _state = states.Of(StateName, grainContext, SessionState.Initial);
    private readonly SemaphoreSlim _turn = new(1, 1);
    private IGrainTimer _expiryTimer = null!;
    // The session is over after this moment on this silo's monotonic clock.
    private long _endsAt;

    private string SessionId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _expiryTimer = this.RegisterGrainTimer(_ => RunTurnAsync(OnExpiryTimerAsync), Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        await _state.ReadAsync(cancellationToken);
        RecoverFromStoredState();
    }

    public void Dispose() => _turn.Dispose();

    public Task<SessionResult> OpenAsync(OpenSession request) => RunTurnAsync<SessionResult>(async () =>
    {
        if (!Names.BelongsTo(request.Holder, request.Owner))
        {
            return new SessionResult.Forbidden($"'{request.Owner}' may open sessions only as '{request.Owner}' or '{request.Owner}/<name>', not as '{request.Holder}'.");
        }

        for (var attempt = 0; attempt < MaxCompareAndSwapAttempts; attempt++)
        {
            var state = _state.State;
            var now = time.GetTimestamp();
            if (state.Exists)
            {
                // A retry of the same open answers the same session; an id is never reopened, nor taken by another holder.
                if (state.Holder != request.Holder || state.Owner != request.Owner)
                {
                    return new SessionResult.Forbidden($"Session '{SessionId}' belongs to another holder.");
                }

                if (IsOpen(now))
                {
                    return new SessionResult.Open(View(now));
                }

                if (await ExpireAsync())
                {
                    return Lost(_state.State);
                }

                // Kept alive through another activation meanwhile: the next attempt answers it open, as re-read.
                continue;
            }

            var opened = new SessionState(request.Holder, request.Owner, request.Ttl, time.GetUtcNow() + request.Ttl, [], null);
            if (await TryWriteAsync(opened))
            {
                StartSessionClock(now, request.Ttl);
                LogOpened(logger, SessionId, request.Holder, request.Ttl);
                return new SessionResult.Open(View(now));
            }
        }

        throw ContendedState();
    });

    public Task<SessionResult> KeepAliveAsync(string? owner = null) => RunTurnAsync<SessionResult>(async () =>
    {
        await CatchUpIfUnknownAsync();
        for (var attempt = 0; attempt < MaxCompareAndSwapAttempts; attempt++)
        {
            var now = time.GetTimestamp();
            if (Refusal(_state.State, owner) is { } refused)
            {
                return refused;
            }

            if (!IsOpen(now))
            {
                if (await ExpireAsync())
                {
                    return Lost(_state.State);
                }

                // Kept alive through another activation meanwhile: keep it alive on the state read anew.
                continue;
            }

            // The session is timed from before its leases are renewed, so it never outlasts them: each lease is renewed
            // for the full TTL a moment later. A lease that answers lost (released on its own, say) leaves the session.
            var state = _state.State;
            var renewals = await Task.WhenAll(state.Leases.Select(held => RenewAsync(held, state)));
            var kept = state.Leases.Where((_, i) => renewals[i]).ToArray();
            if (await TryWriteAsync(state with { ExpiresAtUtc = time.GetUtcNow() + state.Ttl, Leases = kept }))
            {
                StartSessionClock(now, state.Ttl);
                return new SessionResult.Open(View(now));
            }
        }

        throw ContendedState();
    });

    public Task<SessionResult> CloseAsync(string? owner = null) => RunTurnAsync<SessionResult>(async () =>
    {
        await CatchUpIfUnknownAsync();
        if (Refusal(_state.State, owner) is { } refused)
        {
            return refused is SessionResult.Lost ? new SessionResult.Closed(0) : refused;
        }

        return new SessionResult.Closed(await CloseInTurnAsync());
    });

    public async Task<SessionResult> AcquireAsync(string resource, TimeSpan wait, string? owner = null, LeaseMode mode = LeaseMode.Exclusive)
    {
        // In a turn: is the session open, the caller's, and not full? For how long is the lease to be granted?
        var (refusal, holder, ttl) = await RunTurnAsync(() => AdmitAcquireAsync(resource, owner));
        if (refusal is not null)
        {
            return refusal;
        }

        var lease = GrainFactory.GetGrain<ILeaseGrain>(resource);
        var result = await lease.AcquireAsync(new AcquireLease(holder!, ttl, wait, owner, mode));
        if (result is not LeaseResult.Granted granted)
        {
            return new SessionResult.Acquired(result);
        }

        // Granted while this grain waited outside its turns: keep it only if the session is still open, and only once the
        // session's record of it is durable (a successor activation must know the leases it is to renew and release).
        return await RunTurnAsync<SessionResult>(async () =>
        {
            for (var attempt = 0; attempt < MaxCompareAndSwapAttempts; attempt++)
            {
                // Past its end by this copy, the session is refused only once its end is durable (ended here, or read anew).
                if (!IsOpen(time.GetTimestamp()) && await ExpireAsync())
                {
                    await ReleaseAsync(lease, granted.Lease.LeaseId, _state.State.Owner);
                    return new SessionResult.Lost("the session ended while the acquire waited; the lease granted meanwhile is released");
                }

                var state = _state.State;
                var held = new HeldBySession(resource, granted.Lease.LeaseId, granted.Lease.Fence);
                if (await TryWriteAsync(state with { Leases = [.. state.Leases.Where(h => h.Resource != resource), held] }))
                {
                    return new SessionResult.Acquired(granted);
                }
            }

            await ReleaseAsync(lease, granted.Lease.LeaseId, _state.State.Owner);
            throw ContendedState();
        });
    }

    public Task<SessionView?> GetAsync() => RunTurnAsync<SessionView?>(async () =>
    {
        await CatchUpIfUnknownAsync();
        // A session seen past its end is ended first (its leases released), so what is reported has happened: this
        // activation never answers "expired" while the session's leases are still held, nor before the end is durable.
        if (_state.State is { Exists: true, EndReason: null } && !IsOpen(time.GetTimestamp()))
        {
            await ExpireAsync();
        }

        return _state.State.Exists ? View(time.GetTimestamp()) : null;
    });

    /// <summary>
    /// Whether the session may acquire the lease on <paramref name="resource"/> now, and if so for whom and for how long:
    /// what is left of the session, and no less than the shortest TTL a lease may have. A session seen past its end is
    /// refused only once its expiry is durable: this copy may predate a keep-alive made through another activation.
    /// </summary>
    private async Task<(SessionResult? Refusal, string? Holder, TimeSpan Ttl)> AdmitAcquireAsync(string resource, string? owner)
    {
        await CatchUpIfUnknownAsync();
        if (Refusal(_state.State, owner) is { } refused)
        {
            return (refused, null, TimeSpan.Zero);
        }

        if (!IsOpen(time.GetTimestamp()) && await ExpireAsync())
        {
            return (Lost(_state.State), null, TimeSpan.Zero);
        }

        var now = time.GetTimestamp();
        var state = _state.State;

        if (state.Leases.Length >= _options.MaxLeasesPerSession && state.Leases.All(held => held.Resource != resource))
        {
            return (new SessionResult.Full(state.Leases.Length), null, TimeSpan.Zero);
        }

        var left = time.GetElapsedTime(now, _endsAt);
        return (null, state.Holder, left > _options.TtlMin ? left : _options.TtlMin);
    }

    /// <summary>
    /// In a turn, before anything is answered on a copy that knows no session: this activation may predate the session's
    /// open through another one (two can briefly exist while membership changes), so storage is read again first, and a
    /// session found there is taken over as after a failover. Only a session that storage does not know either is not found.
    /// </summary>
    private async Task CatchUpIfUnknownAsync()
    {
        if (!_state.State.Exists && await _state.RefreshAsync(CancellationToken.None))
        {
            RecoverFromStoredState();
        }
    }

    /// <summary>Why a session operation by <paramref name="owner"/> is refused before it starts: no such session, not theirs, or ended.</summary>
    private SessionResult? Refusal(SessionState state, string? owner) =>
        !state.Exists ? new SessionResult.NotFound()
        : !Names.BelongsTo(state.Holder!, owner) ? new SessionResult.Forbidden($"Session '{SessionId}' does not belong to '{owner}'.")
        : state.EndReason is not null ? Lost(state)
        : null;

    private static SessionResult.Lost Lost(SessionState state) =>
        new(state.EndReason == Closed ? "the session was closed" : "the session expired: it was not kept alive within its TTL");

    /// <summary>
    /// Closes the session (in a turn): releases every lease it holds, then records that it ended, so a close answered with
    /// N leases released them all before it answered, and a close that fails to record leaves the session open with its
    /// leases already gone, never ended with them still held. Returns how many leases were released; a lease that cannot be
    /// released now runs out by its own TTL.
    /// </summary>
    private async Task<int> CloseInTurnAsync()
    {
        for (var attempt = 0; attempt < MaxCompareAndSwapAttempts; attempt++)
        {
            // After a lost compare-and-swap, the copy read anew: another activation may have added a lease, or ended it.
            var state = _state.State;
            if (!state.Exists || state.EndReason is not null)
            {
                return 0;
            }

            var released = await ReleaseAllAsync(state);
            if (await TryWriteAsync(Ended(state, Closed)))
            {
                return OnEnded(state, Closed, released);
            }
        }

        throw ContendedState();
    }

    /// <summary>
    /// Ends the session by expiry (in a turn) if it is past its end: true once it has ended (now or before), false when
    /// what is durable shows it kept alive meanwhile (it is then open, timed anew from what is stored).
    /// </summary>
    /// <remarks>
    /// "Past its end" is this activation's reading of its own copy, and a stale duplicate's copy may predate a keep-alive
    /// made through the current activation: only the compare-and-swap tells it so. So the end is written first and the
    /// leases are released only once it is durable; after a lost compare-and-swap the copy is read anew, its clock
    /// recovered from what is stored (<see cref="RecoverFromStoredState"/>), and the decision made again on it, as the
    /// lease grain does. A lease left unreleased (this silo died in between) runs out by its own TTL, as any lease the
    /// session fails to release.
    /// </remarks>
    private async Task<bool> ExpireAsync()
    {
        for (var attempt = 0; attempt < MaxCompareAndSwapAttempts; attempt++)
        {
            var state = _state.State;
            if (!state.Exists || state.EndReason is not null)
            {
                return true;
            }

            if (IsOpen(time.GetTimestamp()))
            {
                return false;
            }

            if (await TryWriteAsync(Ended(state, Expired)))
            {
                OnEnded(state, Expired, await ReleaseAllAsync(state));
                return true;
            }
        }

        throw ContendedState();
    }

    private static SessionState Ended(SessionState state, string reason) =>
        state with { ExpiresAtUtc = null, Leases = [], EndReason = reason };

    /// <summary>Stops timing a session whose end is durable; returns how many of its leases were released.</summary>
    private int OnEnded(SessionState ended, string reason, int released)
    {
        _endsAt = time.GetTimestamp();
        _expiryTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        LogEnded(logger, SessionId, ended.Holder!, reason, released);
        return released;
    }

    private async Task<int> ReleaseAllAsync(SessionState state)
    {
        var released = await Task.WhenAll(state.Leases.Select(held => ReleaseAsync(GrainFactory.GetGrain<ILeaseGrain>(held.Resource), held.LeaseId, state.Owner)));
        return released.Count(r => r);
    }

    private async Task<bool> RenewAsync(HeldBySession held, SessionState state)
    {
        try
        {
            var renewed = await GrainFactory.GetGrain<ILeaseGrain>(held.Resource).RenewAsync(new RenewLease(held.LeaseId, state.Ttl, state.Owner));
            return renewed is LeaseResult.Granted;
        }
        catch (Exception e) when (e is TimeoutException or OrleansException)
        {
            // Unknown: keep the lease in the session; the next keep-alive tries again, and its own TTL bounds it meanwhile.
            LogRenewFailed(logger, SessionId, held.Resource, e.Message);
            return true;
        }
    }

    private async Task<bool> ReleaseAsync(ILeaseGrain lease, string leaseId, string? owner)
    {
        try
        {
            return await lease.ReleaseAsync(leaseId, owner) is LeaseResult.Released;
        }
        catch (Exception e) when (e is TimeoutException or OrleansException)
        {
            LogReleaseFailed(logger, SessionId, lease.GetPrimaryKeyString(), e.Message);
            return false;
        }
    }

    private async Task OnExpiryTimerAsync()
    {
        var now = time.GetTimestamp();
        if (_state.State is { Exists: true, EndReason: null } && !IsOpen(now))
        {
            // False when a re-read found it kept alive through another activation: recovering it set the timer anew.
            await ExpireAsync();
        }
        else if (_state.State.EndReason is null && _state.State.Exists)
        {
            _expiryTimer.Change(time.GetElapsedTime(now, _endsAt), Timeout.InfiniteTimeSpan);
        }
    }

    private bool IsOpen(long now) => _state.State is { Exists: true, EndReason: null } && now < _endsAt;

    /// <summary>
    /// Takes over a session from storage. Its expiry was read off some silo's wall clock, so it is known only within the
    /// clock-uncertainty bound: the session stays open until that expiry plus the bound (its leases, recovered the same
    /// way, may still be renewed until then, and each lease grain decides that for itself).
    /// </summary>
    private void RecoverFromStoredState()
    {
        var now = time.GetTimestamp();
        if (_state.State is { Exists: true, EndReason: null, ExpiresAtUtc: { } expiresAtUtc })
        {
            var left = expiresAtUtc - time.GetUtcNow() + _options.ClockUncertainty;
            StartSessionClock(now, left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }
        else
        {
            _endsAt = now;
        }
    }

    private void StartSessionClock(long now, TimeSpan ttl)
    {
        _endsAt = now + (long)(ttl.TotalSeconds * time.TimestampFrequency);
        _expiryTimer.Change(ttl, Timeout.InfiniteTimeSpan);
        DelayDeactivation(ttl);
    }

    private SessionView View(long now)
    {
        var state = _state.State;
        var open = IsOpen(now);
        return new SessionView(
            SessionId,
            state.Holder!,
            state.Ttl,
            open,
            open ? state.ExpiresAtUtc : null,
            open ? time.GetElapsedTime(now, _endsAt) : null,
            open ? [.. state.Leases.Select(held => new SessionLease(held.Resource, held.Fence))] : [],
            state.EndReason);
    }

    /// <summary>
    /// Compare-and-swap on the durable state. False when another activation wrote first; the state is then re-read, so
    /// the next decision is made on what is durable.
    /// </summary>
    private async Task<bool> TryWriteAsync(SessionState next)
    {
        try
        {
            await _state.WriteAsync(next, CancellationToken.None);
            return true;
        }
        catch (InconsistentStateException)
        {
            await _state.ReadAsync(CancellationToken.None);
            RecoverFromStoredState();
            return false;
        }
    }

    private InconsistentStateException ContendedState() =>
        new($"Session '{SessionId}' kept changing under another activation; try again.");

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
}
