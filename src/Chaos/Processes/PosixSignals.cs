using System.Runtime.InteropServices;

namespace Leasehold.Chaos.Processes;

/// <summary>kill(2), for the signals .NET's Process has no method for. Linux numbering.</summary>
internal static partial class PosixSignals
{
    public const int SigTerm = 15;
    public const int SigCont = 18;
    public const int SigStop = 19;

    /// <summary>Sends <paramref name="signal"/> to process <paramref name="pid"/> (a process this program started).</summary>
    /// <exception cref="InvalidOperationException">kill(2) failed (the process is gone, or this is not Linux).</exception>
    public static void Send(int pid, int signal)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new InvalidOperationException("Sending SIGSTOP, SIGCONT and SIGTERM is implemented for Linux only.");
        }

        if (Kill(pid, signal) != 0)
        {
            throw new InvalidOperationException($"kill({pid}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
