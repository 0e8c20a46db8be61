using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace Leasehold.Chaos;

/// <summary>The live line while a run goes: elapsed, operations by outcome, faults injected. Redrawn in place on a terminal, a line every 10 s otherwise.</summary>
internal static class ProgressLine
{
    private static readonly TimeSpan Redraw = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(10);

    public static async Task<T> ShowWhileAsync<T>(IAnsiConsole console, ChaosRun run, TimeSpan duration, Task<T> work)
    {
        var clock = Stopwatch.StartNew();
        if (console.Profile.Capabilities.Interactive)
        {
            return await console.Status().StartAsync(Markup.Escape(Describe(run, clock.Elapsed, duration)), async context =>
            {
                while (!work.IsCompleted)
                {
                    context.Status(Markup.Escape(Describe(run, clock.Elapsed, duration)));
                    await Task.WhenAny(work, Task.Delay(Redraw)).ConfigureAwait(false);
                }

                return await work.ConfigureAwait(false);
            }).ConfigureAwait(false);
        }

        while (!work.IsCompleted)
        {
            await Task.WhenAny(work, Task.Delay(PlainInterval)).ConfigureAwait(false);
            if (!work.IsCompleted)
            {
                console.WriteLine(Describe(run, clock.Elapsed, duration));
            }
        }

        return await work.ConfigureAwait(false);
    }

    internal static string Describe(ChaosRun run, TimeSpan elapsed, TimeSpan duration)
    {
        var (ok, fail, unknown) = run.History.Counts;
        var phase = elapsed < duration ? string.Empty : " · healing, final reads, checking…";
        return string.Create(CultureInfo.InvariantCulture,
            $"{elapsed.TotalSeconds,5:0.0} s / {duration.TotalSeconds:0} s · {ok + fail + unknown} ops · ok {ok} · fail {fail} · unknown {unknown} · faults {run.Nemesis.Injected} · restarts {run.Nemesis.Restarts}{phase}");
    }
}
