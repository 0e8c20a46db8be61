using System.Diagnostics;

namespace Leasehold.Testing;

/// <summary>Bounded waits on conditions, in place of sleeps.</summary>
/// <remarks>Kept: xunit 2 has no wait on a condition, and this one says what was awaited and what was seen when it times out.</remarks>
public static class Eventually
{
    /// <summary>Waits until <paramref name="condition"/> holds, checking every few milliseconds; fails after <paramref name="timeout"/>.</summary>
    public static Task True(Func<bool> condition, TimeSpan timeout, string because) => True(condition, timeout, () => because);

    /// <summary>Waits until <paramref name="condition"/> holds; on timeout the message says what was awaited and what was seen.</summary>
    public static async Task True(Func<bool> condition, TimeSpan timeout, Func<string> because)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds:0.#} s for: {because()}");
            }

            await Task.Delay(5).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until the async <paramref name="condition"/> holds; fails after <paramref name="timeout"/>.</summary>
    public static Task True(Func<Task<bool>> condition, TimeSpan timeout, string because) => True(condition, timeout, () => because);

    /// <summary>Waits until the async <paramref name="condition"/> holds; on timeout the message says what was awaited and what was seen.</summary>
    public static async Task True(Func<Task<bool>> condition, TimeSpan timeout, Func<string> because)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition().ConfigureAwait(false))
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds:0.#} s for: {because()}");
            }

            await Task.Delay(5).ConfigureAwait(false);
        }
    }
}
