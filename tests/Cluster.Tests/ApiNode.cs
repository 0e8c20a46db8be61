using System.Collections.Concurrent;
using System.Diagnostics;

namespace Leasehold.Cluster.Tests;

/// <summary>One Leasehold API process started by a test, ended only by that test (by its own handle).</summary>
internal sealed class ApiNode : IDisposable
{
    public const int SigCont = 18;
    public const int SigStop = 19;

    private ApiNode(string host, Process process)
    {
        Host = host;
        Process = process;
        Http = new HttpClient { BaseAddress = new Uri($"http://{host}:5080"), Timeout = TimeSpan.FromSeconds(40) };
    }

    public string Host { get; }

    public Process Process { get; }

    public HttpClient Http { get; }

    public ConcurrentQueue<string> Output { get; } = new();

    /// <summary>Starts <c>Leasehold.Api.dll</c> listening on <paramref name="host"/> (HTTP 5080, silo 11111), on the database <paramref name="storageArguments"/> name.</summary>
    public static ApiNode Start(string host, IEnumerable<string> storageArguments)
    {
        var api = Path.Combine(AppContext.BaseDirectory, "Leasehold.Api.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            api, "--urls", $"http://{host}:5080", $"--Cluster:SiloAddress={host}", "--Cluster:SiloPort=11111",
            "--Logging:LogLevel:Default=Warning",
        }.Concat(storageArguments))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var node = new ApiNode(host, process);
        process.OutputDataReceived += (_, e) => node.Output.Enqueue(e.Data ?? string.Empty);
        process.ErrorDataReceived += (_, e) => node.Output.Enqueue(e.Data ?? string.Empty);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    /// <summary>Sends a signal to this node's own process (Linux numbers).</summary>
    public void Signal(int signal) => Assert.Equal(0, NativeMethods.Kill(Process.Id, signal));

    /// <summary>SIGKILL: no goodbye, no flush.</summary>
    public void Kill()
    {
        Process.Kill(entireProcessTree: false);
        Process.WaitForExit(10_000);
    }

    /// <summary>The last lines the process wrote, for a failure message.</summary>
    public string Tail(int lines = 20) => $"--- {Host}:\n{string.Join("\n", Output.TakeLast(lines))}";

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill();
            Process.WaitForExit(10_000);
        }

        Process.Dispose();
        Http.Dispose();
    }
}

internal static class NativeMethods
{
    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    internal static extern int Kill(int pid, int signal);
}
