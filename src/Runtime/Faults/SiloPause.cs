namespace Leasehold.Runtime.Faults;

/// <summary>
/// A stop-the-world pause of one silo, as a long GC or a stopped VM: while paused, every runtime loop waits at its
/// next checkpoint — activation turns (and so grain timers), membership loops (heartbeat, refresh, probes and
/// votes), reading and sending silo-to-silo frames, outgoing grain calls and HTTP requests — while its sockets
/// stay open. Work already inside a checkpoint (a database statement in flight) finishes, as it would in a real
/// process whose kernel completes an I/O while the process is stopped. Nothing here measures time: a pause ends
/// only when it is resumed.
/// </summary>
public sealed class SiloPause
{
    private TaskCompletionSource? _paused;

    /// <summary>True while paused.</summary>
    public bool IsPaused => Volatile.Read(ref _paused) is not null;

    /// <summary>Completes at once when running; when paused, when the pause ends.</summary>
    public Task WhenRunningAsync() => Volatile.Read(ref _paused)?.Task ?? Task.CompletedTask;

    internal void Pause() =>
        Interlocked.CompareExchange(ref _paused, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), null);

    internal void Resume() => Interlocked.Exchange(ref _paused, null)?.TrySetResult();
}
