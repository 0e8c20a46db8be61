using System.Diagnostics;
using System.Globalization;

namespace Leasehold.Client.Tests.Cli;

/// <summary>Whether a process a test's command started still runs, and cleanup of one a failed test left behind.</summary>
internal static class ChildProcesses
{
    /// <summary>True while <paramref name="pid"/> runs (a zombie awaiting its reaper has ended).</summary>
    public static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[stat.LastIndexOf(')') + 2];
            return state is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    public static int? ReadPid(ScratchFolder folder, string name) =>
        folder.Read(name) is { } text && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;

    /// <summary>Kills <paramref name="pid"/> if it still runs: only ever a process this test's command started.</summary>
    public static void KillIfRunning(int? pid)
    {
        if (pid is not { } id || !IsRunning(id))
        {
            return;
        }

        try
        {
            using var process = Process.GetProcessById(id);
            process.Kill();
        }
        catch (ArgumentException)
        {
        }
        catch (InvalidOperationException)
        {
        }
    }
}
