using Leasehold.Runtime.Invocation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Leasehold.Runtime.Activation;

/// <summary>
/// One in-memory instance of a grain on this silo: its mailbox and its scheduler. Work runs on an
/// exclusive scheduler, so grain code never runs on two threads at once; a call occupies the
/// activation until its task completes (one turn at a time) unless its method is marked
/// <see cref="AlwaysInterleaveAttribute"/>.
/// </summary>
internal sealed partial class Activation : IGrainContext
{
    private readonly Lock _lock = new();
    private readonly Queue<WorkItem> _queue = new();
    private readonly List<GrainTimer> _timers = [];
    private readonly TaskScheduler _scheduler = new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler;
    private readonly TaskCompletionSource _deactivated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ActivationDirectory _directory;
    private readonly ObjectFactory _createGrain;
    private readonly ILogger _logger;
    private ActivationState _state = ActivationState.Activating;
    private bool _pumping;
    private bool _deactivateWhenIdle;
    private int _inFlight;
    private long _lastActiveTimestamp;
    private long _keepAliveUntilTimestamp;

    public Activation(GrainId grainId, ObjectFactory createGrain, ActivationDirectory directory, ILogger logger)
    {
        GrainId = grainId;
        _createGrain = createGrain;
        _directory = directory;
        _logger = logger;
        _lastActiveTimestamp = Time.GetTimestamp();
        _queue.Enqueue(new ActivateWorkItem());
    }

    public GrainId GrainId { get; }

    public IGrainFactory GrainFactory => _directory.GrainFactory;

    public TimeProvider Time => _directory.Time;

    /// <summary>The silo this activation runs on, for telemetry.</summary>
    internal string? SiloName => _directory.SiloName;

    /// <summary>The grain instance, once the activate turn has created it.</summary>
    public Grain? Instance { get; private set; }

    public ActivationState State
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    /// <summary>Completes when this activation has been deactivated (or failed to activate).</summary>
    public Task Deactivated => _deactivated.Task;

    /// <summary>Queues work; false when the activation no longer accepts work (it is deactivating or gone).</summary>
    public bool TryEnqueue(WorkItem item)
    {
        lock (_lock)
        {
            if (_state is ActivationState.Deactivating or ActivationState.Invalid)
            {
                return false;
            }

            _inFlight++;
            _lastActiveTimestamp = Time.GetTimestamp();
            if (item.Interleave && _state == ActivationState.Valid)
            {
                Start(() => RunAsync(item));
                return true;
            }

            EnqueueLocked(item);
            return true;
        }
    }

    /// <summary>
    /// Starts deactivation if the activation is valid and, when <paramref name="idleSinceTimestamp"/> is
    /// given, has been idle since then. Work already queued runs first; new work is refused.
    /// </summary>
    public bool TryDeactivate(DeactivationReason reason, long? idleSinceTimestamp = null)
    {
        lock (_lock)
        {
            if (_state != ActivationState.Valid)
            {
                return false;
            }

            if (idleSinceTimestamp is { } cutoff &&
                (_inFlight > 0 || _lastActiveTimestamp > cutoff || _keepAliveUntilTimestamp > Time.GetTimestamp()))
            {
                return false;
            }

            _state = ActivationState.Deactivating;
            EnqueueLocked(new DeactivateWorkItem(reason));
            return true;
        }
    }

    /// <summary>Ends the activation without its deactivate turn (the silo was killed); queued work fails.</summary>
    public void Drop()
    {
        Invalidate();
        FailQueued(new ActivationUnavailableException(GrainId));
    }

    IGrainTimer IGrainContext.RegisterTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new GrainTimer(this, callback);
        lock (_lock)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    void IGrainContext.DeactivateOnIdle()
    {
        lock (_lock)
        {
            _deactivateWhenIdle = true;
        }
    }

    void IGrainContext.DelayDeactivation(TimeSpan period)
    {
        var until = Time.GetTimestamp() + (long)(period.TotalSeconds * Time.TimestampFrequency);
        lock (_lock)
        {
            _keepAliveUntilTimestamp = Math.Max(_keepAliveUntilTimestamp, until);
        }
    }

    Task<T> IGrainContext.RunTurnAsync<T>(Func<Task<T>> work)
    {
        var item = new TurnWorkItem<T>(work);
        if (!TryEnqueue(item))
        {
            item.Fail(new ActivationUnavailableException(GrainId));
        }

        return item.Result;
    }

    /// <summary>A timer tick becomes a turn; ticks do not count as activity for idle collection.</summary>
    internal void EnqueueTimerTick(WorkItem tick)
    {
        lock (_lock)
        {
            // A tick that comes due while the activate turn runs waits behind it, as a call does: dropped,
            // it would leave the timer's tick pending forever, and a one-shot timer would never fire.
            if (_state is ActivationState.Activating or ActivationState.Valid)
            {
                _inFlight++;
                EnqueueLocked(tick);
                return;
            }
        }

        // The activation is going away; failing the tick releases the timer's pending flag.
        tick.Fail(new ActivationUnavailableException(GrainId));
    }

    internal void RemoveTimer(GrainTimer timer)
    {
        lock (_lock)
        {
            _timers.Remove(timer);
        }
    }

    private void EnqueueLocked(WorkItem item)
    {
        _queue.Enqueue(item);
        if (!_pumping)
        {
            _pumping = true;
            Start(PumpAsync);
        }
    }

    private void Start(Func<Task> work) =>
        _ = Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.DenyChildAttach, _scheduler).Unwrap();

    /// <summary>Runs queued work one turn at a time; interleaving calls are started without waiting for them.</summary>
    private async Task PumpAsync()
    {
        while (true)
        {
            WorkItem item;
            lock (_lock)
            {
                if (!_queue.TryDequeue(out item!))
                {
                    _pumping = false;
                    return;
                }
            }

            if (item.Interleave && State == ActivationState.Valid)
            {
                Start(() => RunAsync(item));
                continue;
            }

            await RunAsync(item);
        }
    }

    private async Task RunAsync(WorkItem item)
    {
        try
        {
            await _directory.Pause.WhenRunningAsync();
            await item.ExecuteAsync(this);
        }
        catch (Exception ex)
        {
            // Work items report their own failures; this is a bug in the runtime, not in a grain.
            LogWorkItemFailed(_logger, GrainId, ex);
            item.Fail(ex);
        }

        bool deactivate;
        lock (_lock)
        {
            if (item is not ActivateWorkItem and not DeactivateWorkItem)
            {
                _inFlight--;
            }

            if (item.IsActivity)
            {
                _lastActiveTimestamp = Time.GetTimestamp();
            }

            deactivate = _deactivateWhenIdle && _inFlight == 0 && _state == ActivationState.Valid;
        }

        if (deactivate)
        {
            TryDeactivate(DeactivationReason.ApplicationRequested);
        }
    }

    private void FailQueued(Exception reason)
    {
        List<WorkItem> failed;
        lock (_lock)
        {
            failed = [.. _queue];
            _queue.Clear();
            _inFlight = 0;
        }

        foreach (var item in failed)
        {
            item.Fail(reason);
        }
    }

    private void Invalidate()
    {
        GrainTimer[] timers;
        lock (_lock)
        {
            _state = ActivationState.Invalid;
            timers = [.. _timers];
        }

        foreach (var timer in timers)
        {
            timer.Dispose();
        }

        _directory.Remove(this);
        _deactivated.TrySetResult();
    }

    private sealed class ActivateWorkItem : WorkItem
    {
        public override async Task ExecuteAsync(Activation activation)
        {
            try
            {
                var grain = (Grain)activation._createGrain(activation._directory.Services, null);
                grain.Attach(activation);
                activation.Instance = grain;
                await grain.OnActivateAsync(CancellationToken.None);
                lock (activation._lock)
                {
                    activation._state = ActivationState.Valid;
                }

                activation._directory.OnActivated(activation);
            }
            catch (Exception ex)
            {
                LogActivationFailed(activation._logger, activation.GrainId, ex);
                activation.Invalidate();
                activation.FailQueued(new ActivationFailedException(activation.GrainId, ex));
            }
        }

        public override void Fail(Exception reason)
        {
        }
    }

    private sealed class DeactivateWorkItem(DeactivationReason reason) : WorkItem
    {
        public override async Task ExecuteAsync(Activation activation)
        {
            try
            {
                if (activation.Instance is { } grain)
                {
                    await grain.OnDeactivateAsync(reason, CancellationToken.None);
                }
            }
            catch (Exception ex)
            {
                LogDeactivationFailed(activation._logger, activation.GrainId, ex);
            }
            finally
            {
                activation.Invalidate();
                activation._directory.OnDeactivated(activation, reason);
                activation.FailQueued(new ActivationUnavailableException(activation.GrainId));
            }
        }

        public override void Fail(Exception reason)
        {
        }
    }
}
