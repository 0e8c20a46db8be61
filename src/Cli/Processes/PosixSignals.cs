using System.Runtime.InteropServices;

namespace Leasehold.Cli.Processes;

/// <summary>Sends POSIX signals (.NET can only SIGKILL a process; a graceful stop needs SIGTERM first).</summary>
internal static partial class PosixSignals
{
    public const int SigKill = 9;
    public const int SigTerm = 15;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false if it is gone (or on Windows, where there are no signals).</summary>
    public static bool Send(int pid, int signal) => !OperatingSystem.IsWindows() && Kill(pid, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
