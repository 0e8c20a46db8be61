using System.IO.Pipelines;

namespace Leasehold.Faults;

/// <summary>
/// One connection's transport as a fault sees it. Reads are handed to Orleans only while the silo runs (a paused silo
/// hears nothing); flushes leave only while the silo runs and no rule holds bytes to the remote silo, and after the
/// rule's delay. Bytes are held, never dropped or split, so a frame is never corrupted: after a heal what was held
/// is delivered, as TCP delivers after a partition ends, and Orleans drops what expired meanwhile.
/// </summary>
internal sealed class FaultTransport : IDuplexPipe
{
    private readonly FaultController _faults;
    private readonly RemoteSilo _remote;

    public FaultTransport(IDuplexPipe inner, RemoteSilo remote, FaultController faults)
    {
        _faults = faults;
        _remote = remote;
        Input = new FaultPipeReader(inner.Input, this);
        Output = new FaultPipeWriter(inner.Output, this);
    }

    public PipeReader Input { get; }

    public PipeWriter Output { get; }

    /// <summary>True while reads are held (the silo is paused).</summary>
    internal bool ReadsHeld => _faults.PauseGate.IsPaused;

    /// <summary>Waits until bytes read may be handed on: true then, false if <paramref name="cancelled"/> completed first.</summary>
    internal ValueTask<bool> HoldReadAsync(Task cancelled, CancellationToken cancellationToken) =>
        _faults.PauseGate.IsPaused ? HoldWhilePausedAsync(cancelled, cancellationToken) : new(true);

    /// <summary>Waits until buffered bytes may be flushed: true then, false if <paramref name="cancelled"/> completed first.</summary>
    internal ValueTask<bool> HoldWriteAsync(Task cancelled, CancellationToken cancellationToken) =>
        _faults.PauseGate.IsPaused || !_faults.Network.IsEmpty ? HoldWriteSlowAsync(cancelled, cancellationToken) : new(true);

    private async ValueTask<bool> HoldWhilePausedAsync(Task cancelled, CancellationToken cancellationToken)
    {
        while (true)
        {
            var running = _faults.PauseGate.WhenRunningAsync(CancellationToken.None);
            if (running.IsCompleted)
            {
                return true;
            }

            if (await Task.WhenAny(running, cancelled).WaitAsync(cancellationToken).ConfigureAwait(false) == cancelled)
            {
                return false;
            }
        }
    }

    private async ValueTask<bool> HoldWriteSlowAsync(Task cancelled, CancellationToken cancellationToken)
    {
        var delayed = false;
        while (true)
        {
            if (!await HoldWhilePausedAsync(cancelled, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            var changed = _faults.Network.Changed;
            var rule = _faults.Network.IsEmpty ? null : _faults.Network.RuleFor(_remote.Endpoint);
            if (rule is { Drop: true })
            {
                _faults.OnBytesHeld();
                if (await Task.WhenAny(changed, cancelled).WaitAsync(cancellationToken).ConfigureAwait(false) == cancelled)
                {
                    return false;
                }

                continue;
            }

            if (rule is { Delay: var delay } && delay > TimeSpan.Zero && !delayed)
            {
                delayed = true;
                if (!await DelayAsync(delay, cancelled, cancellationToken).ConfigureAwait(false))
                {
                    return false;
                }

                // A pause or a partition that began during the delay still holds these bytes.
                continue;
            }

            return true;
        }
    }

    /// <summary>Waits at least <paramref name="delay"/> on the monotonic clock (timers may fire a little early): false if cancelled first.</summary>
    private async ValueTask<bool> DelayAsync(TimeSpan delay, Task cancelled, CancellationToken cancellationToken)
    {
        var time = _faults.RealTime;
        var started = time.GetTimestamp();
        for (var remaining = delay; remaining > TimeSpan.Zero; remaining = delay - time.GetElapsedTime(started))
        {
            var wait = Task.Delay(remaining < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : remaining, time, cancellationToken);
            if (await Task.WhenAny(wait, cancelled).ConfigureAwait(false) == cancelled)
            {
                return false;
            }

            await wait.ConfigureAwait(false);
        }

        return true;
    }
}
