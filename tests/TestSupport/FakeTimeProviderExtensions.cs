using Microsoft.Extensions.Time.Testing;

namespace Leasehold.Testing;

public static class FakeTimeProviderExtensions
{
    /// <summary>
    /// Moves time, then waits until every timer that came due has run. Kept because FakeTimeProvider runs due timers on
    /// whichever thread first reads or moves its clock, so Advance can return while another thread (a silo's, reading
    /// the clock at that instant) is still running them.
    /// </summary>
    public static async Task AdvanceAndRunDueTimersAsync(this FakeTimeProvider time, TimeSpan by, TimeSpan timeout)
    {
        time.Advance(by);

        // FakeTimeProvider runs due timers in due order, the one armed first on a tie: a timer armed now and due now runs
        // after every timer that came due by the advance.
        var ran = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var marker = time.CreateTimer(static state => ((TaskCompletionSource)state!).TrySetResult(), ran, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        await ran.Task.WaitAsync(timeout);
    }
}
