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
    [PersistentState(SessionGrain.StateName, LeaseholdGrainStorage.Name)] IPersistentState<SessionState> storedState,
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
    private readonly DurableState<SessionState> _state = new(storedState, SessionState.Initial);
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

                await EndAsync(Expired);
                return Lost(_state.State);
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
        for (var attempt = 0; attempt < MaxCompareAndSwapAttempts; attempt++)
        {
            var now = time.GetTimestamp();
            if (Refusal(_state.State, owner) is { } refused)
            {
                return refused;
            }

            if (!IsOpen(now))
            {
                await EndAsync(Expired);
                return Lost(_state.State);
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
        if (Refusal(_state.State, owner) is { } refused)
        {
            return refused is SessionResult.Lost ? new SessionResult.Closed(0) : refused;
        }

        return new SessionResult.Closed(await EndAsync(Closed));
    });

    public async Task<SessionResult> AcquireAsync(string resource, TimeSpan wait, string? owner = null, LeaseMode mode = LeaseMode.Exclusive)
    {
        // In a turn: is the session open, the caller's, and not full? For how long is the lease to be granted?
        var (refusal, holder, ttl) = await RunTurnAsync(() => Task.FromResult(AdmitAcquire(resource, owner)));
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
                var state = _state.State;
                if (!IsOpen(time.GetTimestamp()) || state.EndReason is not null)
                {
                    await ReleaseAsync(lease, granted.Lease.LeaseId, state.Owner);
                    return new SessionResult.Lost("the session ended while the acquire waited; the lease granted meanwhile is released");
                }

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
        // A session seen past its end is ended first (its leases released), so what is reported has happened: an answer
        // "expired" never comes while the session's leases are still held.
        if (_state.State is { Exists: true, EndReason: null } && !IsOpen(time.GetTimestamp()))
        {
            await EndAsync(Expired);
        }

        return _state.State.Exists ? View(time.GetTimestamp()) : null;
    });

    /// <summary>
    /// Whether the session may acquire the lease on <paramref name="resource"/> now, and if so for whom and for how long:
    /// what is left of the session, and no less than the shortest TTL a lease may have.
    /// </summary>
    private (SessionResult? Refusal, string? Holder, TimeSpan Ttl) AdmitAcquire(string resource, string? owner)
    {
        var now = time.GetTimestamp();
        var state = _state.State;
        if (Refusal(state, owner) is { } refused)
        {
            return (refused, null, TimeSpan.Zero);
        }

        if (!IsOpen(now))
        {
            return (Lost(state), null, TimeSpan.Zero);
        }

        if (state.Leases.Length >= _options.MaxLeasesPerSession && state.Leases.All(held => held.Resource != resource))
        {
            return (new SessionResult.Full(state.Leases.Length), null, TimeSpan.Zero);
        }

        var left = time.GetElapsedTime(now, _endsAt);
        return (null, state.Holder, left > _options.TtlMin ? left : _options.TtlMin);
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
    /// Ends the session (in a turn): releases every lease it holds, then records that it ended. A lease that cannot be
    /// released now runs out by its own TTL. Returns how many leases were released.
    /// </summary>
    private async Task<int> EndAsync(string reason)
    {
        for (var attempt = 0; attempt < MaxCompareAndSwapAttempts; attempt++)
        {
            var state = _state.State;
            if (!state.Exists || state.EndReason is not null)
            {
                return 0;
            }

            var released = await Task.WhenAll(state.Leases.Select(held => ReleaseAsync(GrainFactory.GetGrain<ILeaseGrain>(held.Resource), held.LeaseId, state.Owner)));
            if (await TryWriteAsync(state with { ExpiresAtUtc = null, Leases = [], EndReason = reason }))
            {
                _endsAt = time.GetTimestamp();
                _expiryTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                var count = released.Count(r => r);
                LogEnded(logger, SessionId, state.Holder!, reason, count);
                return count;
            }
        }

        throw ContendedState();
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
            await EndAsync(Expired);
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
