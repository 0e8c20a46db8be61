namespace Leasehold.Faults;

/// <summary>
/// The gate a paused silo's work waits on, as a stopped process (SIGSTOP, a long GC, a frozen VM) would: its transport,
/// its grain turns and — through <see cref="PausingMembershipTable"/> and <see cref="PausingGrainStorage"/> — its
/// membership-table and storage calls. Nothing here measures time: a pause ends only when it is resumed.
/// </summary>
public sealed class SiloPause
{
    private TaskCompletionSource? _paused;

    /// <summary>True while paused.</summary>
    public bool IsPaused => Volatile.Read(ref _paused) is not null;

    /// <summary>Completes at once when running; when paused, when the pause ends.</summary>
    public Task WhenRunningAsync() => Volatile.Read(ref _paused)?.Task ?? Task.CompletedTask;

    /// <summary>Completes at once when running; when paused, when the pause ends or <paramref name="cancellationToken"/> is cancelled.</summary>
    public Task WhenRunningAsync(CancellationToken cancellationToken) =>
        Volatile.Read(ref _paused)?.Task.WaitAsync(cancellationToken) ?? Task.CompletedTask;

    /// <summary>Starts a pause; false if one was already in force.</summary>
    internal bool Pause() =>
        Interlocked.CompareExchange(ref _paused, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), null) is null;

    /// <summary>Ends the pause; false if none was in force.</summary>
    internal bool Resume() => Interlocked.Exchange(ref _paused, null)?.TrySetResult() ?? false;
}
