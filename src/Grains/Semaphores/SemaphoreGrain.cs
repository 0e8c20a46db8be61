using Leasehold.Grains.Leases;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace Leasehold.Grains.Semaphores;

/// <summary>
/// A counting semaphore: permit slot <c>i</c> is the lease on <c>semaphore:NAME:i</c> (<see cref="SemaphoreNames.ResourceOf"/>),
/// granted, kept, ended and fenced by its <see cref="ILeaseGrain"/> exactly as any lease. This grain adds the number of
/// permits, durable and fixed by the first acquire, and a fair (first-come-first-served) line in front of the slots.
/// Safety never rests here: each slot is exclusive by its own lease, and there are never more than N slots, so never
/// more than N unexpired permits — also while two activations of this grain briefly coexist.
/// </summary>
/// <remarks>
/// Only the first acquire in line tries free slots, each with a zero wait, so a newcomer never overtakes the line. Every
/// call interleaves: the line lives on this activation and is touched only between awaits; the one write of state (the
/// number of permits) runs under <see cref="_turn"/>.
/// </remarks>
internal sealed partial class SemaphoreGrain(
    DurableStates states,
    IGrainContext grainContext,
    [FromKeyedServices(TimeProviderNames.Grains)] TimeProvider time,
    IOptions<LeaseOptions> options,
    ILogger<SemaphoreGrain> logger) : Grain, ISemaphoreGrain, IDisposable
{
    /// <summary>The name of the semaphore's state in grain storage.</summary>
    public const string StateName = "semaphore";

    /// <summary>
    /// Longest the first in line waits before it looks at the slots again although nothing woke it: a slot released or
    /// taken through the plain lease routes on <c>semaphore:NAME:i</c> (or by another activation during a membership
    /// change) is seen within this. Releases through this grain wake it at once, and a slot's expiry (or lock delay) by
    /// the time that slot's own lease said it is due.
    /// </summary>
    internal static readonly TimeSpan Recheck = TimeSpan.FromSeconds(1);

    private const int MaxCompareAndSwapAttempts = 3;
    private readonly LeaseOptions _options = options.Value;
    private readonly DurableState<SemaphoreState> _state = states.Of(StateName, grainContext, SemaphoreState.Initial);
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly LinkedList<LeaseWaiter> _waiters = new();
    private readonly WaiterShares _shares = new(options.Value);
    // As the lease grain's waiters: a graceful stop sends the line away at once; they retry on the next activation.
    private CancellationToken _siloStopping;

    private string Name => this.GetPrimaryKeyString();

    private ILeaseGrain Slot(int slot) => GrainFactory.GetGrain<ILeaseGrain>(SemaphoreNames.ResourceOf(Name, slot));

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _siloStopping = ServiceProvider.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        await _state.ReadAsync(cancellationToken);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        foreach (var waiter in _waiters)
        {
            waiter.Wake();
        }

        return Task.CompletedTask;
    }

    public void Dispose() => _turn.Dispose();

    public async Task<PermitResult> AcquireAsync(AcquirePermit request)
    {
        if (!Names.BelongsTo(request.Holder, request.Owner))
        {
            return new PermitResult.Forbidden($"'{request.Owner}' may hold permits only as '{request.Owner}' or '{request.Owner}/<name>', not as '{request.Holder}'.");
        }

        var permits = await FixPermitsAsync(request.Permits);
        if (permits != request.Permits)
        {
            return new PermitResult.PermitsMismatch(permits);
        }

        var waitUntil = time.GetTimestamp() + Ticks(request.Wait < _options.WaitMax ? request.Wait : _options.WaitMax);
        LeaseWaiter? me = null;
        try
        {
            while (true)
            {
                // Only the first in line (or a newcomer to an empty line) may take a free slot; anyone may get back the
                // slot it already holds (a retry after an unknown outcome).
                var mayTakeFree = _waiters.First is not { } first || first.Value == me;
                var (result, next) = await TrySlotsAsync(request, permits, mayTakeFree);
                if (result is not PermitResult.Full full)
                {
                    return result;
                }

                var remaining = time.GetElapsedTime(time.GetTimestamp(), waitUntil);
                if (remaining <= TimeSpan.Zero || _siloStopping.IsCancellationRequested)
                {
                    return full;
                }

                if (me is null)
                {
                    if (_waiters.Count >= _options.MaxWaiters)
                    {
                        return new PermitResult.LineFull(_waiters.Count);
                    }

                    if (_shares.FullShareOf(request.Owner) is { } mine)
                    {
                        return new PermitResult.LineFull(mine, Mine: true);
                    }

                    // Join the line, then look again at once: a slot may have come free meanwhile.
                    me = new LeaseWaiter(request.Owner);
                    me.Node = _waiters.AddLast(me);
                    _shares.Join(me.Owner);

                    continue;
                }

                // The first in line looks again when a slot is due to end (or within Recheck); the others only when woken.
                var isFirst = _waiters.First?.Value == me;
                await me.WaitAsync(isFirst && next < remaining ? next : remaining, time, _siloStopping);
            }
        }
        finally
        {
            if (me?.Node is { List: not null } node)
            {
                var wasFirst = _waiters.First == node;
                _waiters.Remove(node);
                _shares.Leave(me.Owner);
                if (wasFirst)
                {
                    WakeFirst();
                }
            }
        }
    }

    public async Task<LeaseResult> RenewAsync(int slot, RenewLease request)
    {
        if (slot < 0 || slot >= _state.State.Permits)
        {
            return NoSuchSlot(slot);
        }

        return await Slot(slot).RenewAsync(request);
    }

    public async Task<LeaseResult> ReleaseAsync(int slot, string leaseId, string? owner = null)
    {
        if (slot < 0 || slot >= _state.State.Permits)
        {
            return NoSuchSlot(slot);
        }

        var result = await Slot(slot).ReleaseAsync(leaseId, owner);
        if (result is LeaseResult.Released released)
        {
            LogReleased(logger, Name, slot, released.Fence);
            WakeFirst();
        }

        return result;
    }

    public Task<int> GetPermitsAsync() => Task.FromResult(_state.State.Permits);

    public async Task<SemaphoreView> GetAsync()
    {
        var permits = _state.State.Permits;
        var views = await SlotViewsAsync(permits);
        var held = views
            .Select((view, slot) => view is { Held: true, Holder: { } holder, ExpiresAtUtc: { } expires, Remaining: { } left }
                ? new PermitView(slot, holder, view.Fence, expires, left)
                : null)
            .OfType<PermitView>()
            .ToList();
        return new SemaphoreView(Name, permits, held, _waiters.Count);
    }

    /// <summary>
    /// One look at the slots: the asking holder's own slot back if it holds one, else (when it may) the first free slot.
    /// Also answers when to look again: the soonest a held slot's lease said it may be free, at most <see cref="Recheck"/>.
    /// </summary>
    private async Task<(PermitResult Result, TimeSpan Next)> TrySlotsAsync(AcquirePermit request, int permits, bool mayTakeFree)
    {
        var views = await SlotViewsAsync(permits);
        var next = Recheck;
        var mine = Array.FindIndex(views, v => v.Held && v.Holder == request.Holder);
        var candidates = mine >= 0 ? [mine] : mayTakeFree ? Enumerable.Range(0, permits).Where(s => !views[s].Held) : [];
        foreach (var slot in candidates)
        {
            switch (await Slot(slot).AcquireAsync(new AcquireLease(request.Holder, request.Ttl, TimeSpan.Zero, request.Owner)))
            {
                case LeaseResult.Granted granted:
                    if (mine < 0)
                    {
                        LogGranted(logger, Name, slot, granted.Lease.Holder, granted.Lease.Fence);
                    }

                    return (new PermitResult.Granted(slot, permits, granted.Lease), next);
                case LeaseResult.Held held when held.RetryAfter > TimeSpan.Zero:
                    next = Min(next, held.RetryAfter);
                    break;
                case LeaseResult.Forbidden forbidden:
                    return (new PermitResult.Forbidden(forbidden.Reason), next);
            }
        }

        foreach (var view in views)
        {
            if (view.Remaining is { } left)
            {
                next = Min(next, left);
            }
        }

        // Just past the end, so the next look finds the slot over rather than a hair before it.
        next += TimeSpan.FromMilliseconds(1);
        return (new PermitResult.Full(permits, views.Count(v => v.Held), next), next);
    }

    private async Task<LeaseView[]> SlotViewsAsync(int permits) =>
        await Task.WhenAll(Enumerable.Range(0, permits).Select(slot => Slot(slot).GetAsync()));

    /// <summary>The semaphore's number of permits: what is durable, or <paramref name="asked"/> made durable if none is yet.</summary>
    private async Task<int> FixPermitsAsync(int asked)
    {
        if (_state.State.Permits != 0)
        {
            return _state.State.Permits;
        }

        await _turn.WaitAsync();
        try
        {
            for (var attempt = 0; attempt < MaxCompareAndSwapAttempts; attempt++)
            {
                if (_state.State.Permits != 0)
                {
                    return _state.State.Permits;
                }

                try
                {
                    await _state.WriteAsync(new SemaphoreState(asked), CancellationToken.None);
                    LogCreated(logger, Name, asked);
                    return asked;
                }
                catch (InconsistentStateException)
                {
                    // Another activation fixed it first: what it wrote is the semaphore's number.
                    await _state.ReadAsync(CancellationToken.None);
                }
            }

            throw new InconsistentStateException($"The semaphore '{Name}' kept changing under another activation; try again.");
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>Tells the first in line to look at the slots again.</summary>
    private void WakeFirst() => _waiters.First?.Value.Wake();

    private LeaseResult.Lost NoSuchSlot(int slot) => new(_state.State.Permits == 0
        ? $"semaphore '{Name}' has no permits (it was never acquired)"
        : $"semaphore '{Name}' has {_state.State.Permits} permits, so no slot {slot}");

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * time.TimestampFrequency);
}
