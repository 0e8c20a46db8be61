namespace Leasehold.Runtime.Activation;

/// <summary>
/// A timer whose ticks run as turns of its activation. A tick that is still queued or running
/// swallows the next one, so a slow callback never piles up ticks.
/// </summary>
internal sealed class GrainTimer : IGrainTimer
{
    private readonly Activation _owner;
    private readonly Func<CancellationToken, Task> _callback;
    private readonly ITimer _timer;
    private readonly CancellationTokenSource _disposed = new();
    private int _tickPending;

    public GrainTimer(Activation owner, Func<CancellationToken, Task> callback)
    {
        _owner = owner;
        _callback = callback;
        _timer = owner.Time.CreateTimer(static state => ((GrainTimer)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        if (!_disposed.IsCancellationRequested)
        {
            _timer.Change(dueTime, period);
        }
    }

    public void Dispose()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        _disposed.Cancel();
        _timer.Dispose();
        _owner.RemoveTimer(this);
    }

    private void OnTimer()
    {
        if (_disposed.IsCancellationRequested || Interlocked.Exchange(ref _tickPending, 1) == 1)
        {
            return;
        }

        _owner.EnqueueTimerTick(new Tick(this));
    }

    private sealed class Tick(GrainTimer timer) : WorkItem
    {
        // A timer alone must not keep an activation alive, or a grain with a periodic timer is never collected.
        public override bool IsActivity => false;

        public override async Task ExecuteAsync(Activation activation)
        {
            try
            {
                if (!timer._disposed.IsCancellationRequested)
                {
                    await timer._callback(timer._disposed.Token);
                }
            }
            finally
            {
                Volatile.Write(ref timer._tickPending, 0);
            }
        }

        public override void Fail(Exception reason) => Volatile.Write(ref timer._tickPending, 0);
    }
}
