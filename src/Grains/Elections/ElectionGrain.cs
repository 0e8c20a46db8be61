using Leasehold.Grains.Leases;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace Leasehold.Grains.Elections;

/// <summary>
/// An election: leadership is the lease on <c>election:NAME</c> (<see cref="ElectionNames.ResourceOf"/>), granted, kept,
/// ended and fenced by its <see cref="ILeaseGrain"/> exactly as any lease; this grain adds the proclaimed value and the
/// long-poll. Safety never rests here: a value is written with the fence of the term it belongs to and only over a value
/// of the same or an older term, and it is shown only while the lease's current term is that one.
/// </summary>
/// <remarks>
/// Campaigns and reads interleave (a campaign waits in the lease's line); every write of the value runs one at a time
/// under <see cref="_turn"/>, so a decision and the write that makes it durable stay together.
/// </remarks>
internal sealed partial class ElectionGrain(
    DurableStates states,
    IGrainContext grainContext,
    [FromKeyedServices(TimeProviderNames.Grains)] TimeProvider time,
    IOptions<LeaseOptions> options,
    ILogger<ElectionGrain> logger) : Grain, IElectionGrain, IDisposable
{
    /// <summary>The name of the election's state in grain storage.</summary>
    public const string StateName = "election";

    /// <summary>
    /// How often a waiting long-poll looks at the lease again although nothing woke it: changes made past this grain —
    /// through the lease routes on <c>election:NAME</c>, or by another activation during a membership change — are seen
    /// within this. Changes made here (campaign, proclaim, resign) and the end of a term wake it at once.
    /// </summary>
    internal static readonly TimeSpan Recheck = TimeSpan.FromSeconds(1);

    private const int MaxCompareAndSwapAttempts = 3;
    private readonly DurableState<ElectionState> _state = states.Of(StateName, grainContext, ElectionState.Initial);
    private readonly SemaphoreSlim _turn = new(1, 1);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationToken _siloStopping;

    private string Name => this.GetPrimaryKeyString();

    private ILeaseGrain Lease => GrainFactory.GetGrain<ILeaseGrain>(ElectionNames.ResourceOf(Name));

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // As the lease grain's waiters: a long-poll must not hold up a graceful stop; it answers at once instead.
        _siloStopping = ServiceProvider.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        await _state.ReadAsync(cancellationToken);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Changed();
        return Task.CompletedTask;
    }

    public void Dispose() => _turn.Dispose();

    public async Task<LeaseResult> CampaignAsync(Campaign request)
    {
        var result = await Lease.AcquireAsync(new AcquireLease(request.Candidate, request.Ttl, request.Wait, request.Owner));
        if (result is LeaseResult.Granted granted)
        {
            await StoreValueAsync(granted.Lease.Fence, request.Value);
            LogElected(logger, Name, granted.Lease.Holder, granted.Lease.Fence);
        }

        return result;
    }

    public async Task<LeaseResult> ProclaimAsync(string leaseId, string? value, string? owner = null)
    {
        // The renewal is the proof of leadership: only the current, unexpired lease renews, and it names its fence.
        var result = await Lease.RenewAsync(new RenewLease(leaseId, null, owner));
        if (result is LeaseResult.Granted granted)
        {
            await StoreValueAsync(granted.Lease.Fence, value);
        }

        return result;
    }

    public async Task<LeaseResult> ResignAsync(string leaseId, string? owner = null)
    {
        var result = await Lease.ReleaseAsync(leaseId, owner);
        if (result is LeaseResult.Released released)
        {
            LogResigned(logger, Name, released.Fence);
            Changed();
        }

        return result;
    }

    public async Task<LeaderView> GetLeaderAsync() => ViewOf(await Lease.GetAsync(), _state.State);

    public async Task<LeaderView> WaitForChangeAsync(long index, TimeSpan wait)
    {
        var waitUntil = time.GetTimestamp() + Ticks(wait < options.Value.WaitMax ? wait : options.Value.WaitMax);
        while (true)
        {
            // Taken before the read: a change made while reading wakes the wait below at once.
            var changed = _changed.Task;
            var view = await GetLeaderAsync();
            var left = time.GetElapsedTime(time.GetTimestamp(), waitUntil);
            if (view.Index != index || left <= TimeSpan.Zero || _siloStopping.IsCancellationRequested)
            {
                return view;
            }

            // The term's end changes the index without anyone calling here: look again when it is due.
            var next = view.Remaining is { } remaining && remaining < Recheck ? remaining + TimeSpan.FromMilliseconds(1) : Recheck;
            try
            {
                await changed.WaitAsync(next < left ? next : left, time, _siloStopping);
            }
            catch (TimeoutException)
            {
            }
            catch (OperationCanceledException) when (_siloStopping.IsCancellationRequested)
            {
            }
        }
    }

    /// <summary>
    /// Makes <paramref name="value"/> the value of the term of <paramref name="fence"/>, unless a later term's value is
    /// already stored (then this term is over, and its value could never be shown again).
    /// </summary>
    private async Task StoreValueAsync(long fence, string? value)
    {
        await _turn.WaitAsync();
        try
        {
            for (var attempt = 0; attempt < MaxCompareAndSwapAttempts; attempt++)
            {
                var state = _state.State;
                if (fence < state.Fence || (fence == state.Fence && value == state.Value))
                {
                    return;
                }

                try
                {
                    await _state.WriteAsync(new ElectionState(fence, value, state.Revision + 1), CancellationToken.None);
                    return;
                }
                catch (InconsistentStateException)
                {
                    // Another activation wrote first: decide again on what is durable.
                    await _state.ReadAsync(CancellationToken.None);
                }
            }

            throw new InconsistentStateException($"The election '{Name}' kept changing under another activation; try again.");
        }
        finally
        {
            _turn.Release();
            Changed();
        }
    }

    /// <summary>Wakes every waiting long-poll to look again.</summary>
    private void Changed()
    {
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }

    private LeaderView ViewOf(LeaseView lease, ElectionState state)
    {
        var value = lease.Held && lease.Fence == state.Fence ? state.Value : null;
        var index = (2 * lease.Fence) + state.Revision + (lease.Held ? 0 : 1);
        return new LeaderView(Name, lease.Held, lease.Holder, value, lease.Fence, lease.ExpiresAtUtc, lease.Remaining, lease.Waiters, index);
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * time.TimestampFrequency);
}
