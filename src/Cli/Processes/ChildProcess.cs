using System.Diagnostics;

namespace Leasehold.Cli.Processes;

/// <summary>The command that <c>lock</c> runs: started with extra environment, its standard streams inherited, stopped as a tree.</summary>
internal sealed class ChildProcess : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(10);
    private readonly Process _process;

    private ChildProcess(Process process) => _process = process;

    public int Id => _process.Id;

    /// <summary>Starts <paramref name="command"/> (program and arguments, no shell) with <paramref name="environment"/> added.</summary>
    /// <exception cref="System.ComponentModel.Win32Exception">The program cannot be started.</exception>
    public static ChildProcess Start(IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(command[0]) { UseShellExecute = false };
        foreach (var argument in command.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        return new ChildProcess(Process.Start(info) ?? throw new InvalidOperationException($"'{command[0]}' did not start."));
    }

    /// <summary>Completes with the exit code when the process ends (128 + signal when a signal ended it).</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return _process.ExitCode;
    }

    /// <summary>
    /// SIGTERM to the process and its descendants, then SIGKILL to whatever is left after <paramref name="grace"/>
    /// (on Windows, which has no SIGTERM, kills the tree at once). Completes when the process has ended.
    /// </summary>
    /// <returns>True if it ended within the grace period; false if it had to be killed.</returns>
    public async Task<bool> StopAsync(TimeSpan grace, TimeProvider time)
    {
        if (_process.HasExited)
        {
            return true;
        }

        if (OperatingSystem.IsWindows())
        {
            _process.Kill(entireProcessTree: true);
            return false;
        }

        var tree = ProcessTree.Snapshot(Id);
        if (tree.Count == 0)
        {
            // No /proc (macOS): the tree is the root alone.
            PosixSignals.Send(Id, PosixSignals.SigTerm);
        }

        // Each one checked just before: a pid is signalled only while it is still the process we saw.
        foreach (var process in tree.Where(ProcessTree.IsAlive))
        {
            PosixSignals.Send(process.Pid, PosixSignals.SigTerm);
        }

        var started = time.GetTimestamp();
        while (time.GetElapsedTime(started) < grace && (!_process.HasExited || tree.Any(ProcessTree.IsAlive)))
        {
            await Task.Delay(PollInterval, time).ConfigureAwait(false);
        }

        // Whatever ignored SIGTERM, and whatever it started meanwhile, is killed.
        var left = tree.Concat(ProcessTree.Snapshot(Id)).Distinct().Where(ProcessTree.IsAlive).ToList();
        var graceful = _process.HasExited && left.Count == 0;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        foreach (var process in left.Where(ProcessTree.IsAlive))
        {
            PosixSignals.Send(process.Pid, PosixSignals.SigKill);
        }

        // SIGKILL cannot be caught; the bound only guards against a process stuck in the kernel.
        using var bound = new CancellationTokenSource(KillWait, time);
        try
        {
            await _process.WaitForExitAsync(bound.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        return graceful;
    }

    public void Dispose() => _process.Dispose();
}
