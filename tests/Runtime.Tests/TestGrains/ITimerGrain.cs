namespace Leasehold.Runtime.Tests.TestGrains;

/// <summary>
/// A grain with one timer that counts its ticks in the <see cref="GrainProbe"/> (counter
/// <c>{key}:ticks</c>). With probe flag <c>{key}:timer-on-activate</c> it registers the timer (due 1 s,
/// period 1 s) during activation; with <c>{key}:hold-activation</c> activation then waits for gate
/// <c>{key}:activation</c>.
/// </summary>
public interface ITimerGrain : IGrainWithStringKey
{
    Task StartTimerAsync(TimeSpan dueTime, TimeSpan period);

    Task StopTimerAsync();

    /// <summary>Ticks so far, over all activations. Queued behind any tick already due, so it also serves as a barrier.</summary>
    Task<int> GetTicksAsync();

    /// <summary>Opens <c>{gate}:entered</c>, then waits until the test opens <paramref name="gate"/>.</summary>
    Task BlockAsync(string gate);

    /// <summary>Whether a tick ever ran while a call was in progress, and the most threads seen in the activation at once.</summary>
    Task<(bool TickDuringCall, int MaxConcurrentThreads)> GetOverlapAsync();
}
