using System.Collections.Concurrent;
using System.Diagnostics;

namespace Leasehold.Chaos.Processes;

/// <summary>
/// One <c>Leasehold.Api</c> process of a <see cref="ProcessCluster"/>: started by this program, signalled and
/// ended only through its own <see cref="Process"/> handle. Started again on the same address, it is a new
/// generation of the same node.
/// </summary>
internal sealed class ApiProcess(string host, string workingDirectory, Func<IReadOnlyList<string>> arguments) : IDisposable
{
    private const int OutputLines = 200;
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(10);
    private readonly ConcurrentQueue<string> _output = new();

    // Earlier generations' handles stay undisposed until the node is disposed: clients read IsRunning from
    // other threads, and a disposed Process throws on HasExited.
    private readonly List<Process> _retired = [];
    private volatile Process? _process;

    public string Host => host;

    /// <summary>True from start until the process exited (a SIGSTOPped process is still running).</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The last lines the process wrote, for diagnostics.</summary>
    public IReadOnlyList<string> Output => [.. _output];

    public void Start()
    {
        if (IsRunning)
        {
            return;
        }

        if (_process is { } previous)
        {
            _retired.Add(previous);
        }

        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,

            // Hermetic: no appsettings.json or ./data of whatever folder the chaos command was started in.
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments())
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"The API process for {host} did not start.");
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    /// <summary>SIGKILL: no goodbye, no flush. Completes when the process is gone.</summary>
    public async Task KillAsync(CancellationToken cancellationToken)
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: false);
            await WaitForExitAsync(process, ExitWait, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>SIGTERM: the host stops gracefully (the silo says goodbye); SIGKILL if it is not gone after <paramref name="grace"/>.</summary>
    public async Task TerminateAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        PosixSignals.Send(process.Id, PosixSignals.SigTerm);
        if (!await WaitForExitAsync(process, grace, cancellationToken).ConfigureAwait(false))
        {
            await KillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends a signal to this node's own process, if it runs.</summary>
    public void Signal(int signal)
    {
        if (_process is { HasExited: false } process)
        {
            PosixSignals.Send(process.Id, signal);
        }
    }

    public void Dispose()
    {
        if (_process is { } process)
        {
            if (!process.HasExited)
            {
                // SIGKILL ends a SIGSTOPped process too.
                process.Kill(entireProcessTree: false);
                process.WaitForExit(ExitWait);
            }

            process.Dispose();
            _process = null;
        }

        foreach (var retired in _retired)
        {
            retired.Dispose();
        }

        _retired.Clear();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > OutputLines && _output.TryDequeue(out _))
        {
        }
    }

    private static async Task<bool> WaitForExitAsync(Process process, TimeSpan limit, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
