using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Leasehold.Readme.Tests;

/// <summary>
/// Runs a walkthrough's script with bash from the repository root, as a reader pastes it, in a process group of its own
/// (<c>setsid</c>), so that whatever it started and failed to stop is found and ended with it. Three mechanical
/// substitutions, which the README states beside its first walkthrough: <c>dotnet test</c> has built everything, so
/// <c>dotnet run --project X</c> runs that build (<c>--no-build</c>) and <c>dotnet build</c> is skipped, rather than
/// rebuilding outputs other test projects are using; and <c>leasehold</c> is the built src/Cli, as an installed tool would be.
/// </summary>
internal static partial class WalkthroughRun
{
    /// <summary>The longest a walkthrough may run before its processes are killed and it fails.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    /// <summary>How long the processes a walkthrough stopped at its end may take to exit after it has (a graceful stop).</summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    public static string RepositoryRoot { get; } = Metadata("RepositoryRoot");

    public static string Configuration { get; } = Metadata("Configuration");

    /// <summary>The script bash runs: the walkthrough's own text after the substitutions.</summary>
    public static string Prepare(string script) =>
        DotnetBuild().Replace(
            script
                .Replace("dotnet run --project ", $"dotnet run --no-build -c {Configuration} --project ", StringComparison.Ordinal)
                .Replace("/bin/Debug/", $"/bin/{Configuration}/", StringComparison.Ordinal),
            "${before}: dotnet build");

    /// <summary>
    /// The loopback ports a walkthrough listens on: those it names, and the defaults (HTTP 5080, silo 11111) when it
    /// starts a host.
    /// </summary>
    public static IReadOnlyList<int> PortsOf(string script)
    {
        var ports = PortMention().Matches(script).Select(m => int.Parse(m.Groups["port"].Value, CultureInfo.InvariantCulture)).ToHashSet();
        if (script.Contains("src/Api", StringComparison.Ordinal) || script.Contains("Leasehold.Silo", StringComparison.Ordinal))
        {
            ports.Add(5080);
            ports.Add(11111);
        }

        return ports.Order().ToList();
    }

    /// <summary>The ports of <paramref name="ports"/> that something on this machine already listens on.</summary>
    public static IReadOnlyList<int> Busy(IEnumerable<int> ports) => ports.Where(port =>
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }).ToList();

    /// <summary>Runs <paramref name="walkthrough"/> to its end (or <see cref="Timeout"/>), then ends whatever it left running.</summary>
    public static async Task<WalkthroughResult> RunAsync(Walkthrough walkthrough)
    {
        var work = Directory.CreateTempSubdirectory($"readme-{walkthrough.Name}-");
        try
        {
            var bin = Directory.CreateDirectory(Path.Combine(work.FullName, "bin")).FullName;
            var tmp = Directory.CreateDirectory(Path.Combine(work.FullName, "tmp")).FullName;
            var cli = Path.Combine(RepositoryRoot, "src", "Cli", "bin", Configuration, "net10.0", "leasehold.dll");
            var shim = Path.Combine(bin, "leasehold");
            await File.WriteAllTextAsync(shim, $"#!/bin/sh\nexec dotnet '{cli}' \"$@\"\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(shim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            var script = Path.Combine(work.FullName, $"{walkthrough.Name}.sh");
            // One stream, in the order things were printed: what a reader sees in the terminal.
            await File.WriteAllTextAsync(script, "exec 2>&1 </dev/null\n" + Prepare(walkthrough.Script));

            var start = new ProcessStartInfo("setsid")
            {
                WorkingDirectory = RepositoryRoot,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add("bash");
            start.ArgumentList.Add(script);
            // mktemp -d makes each walkthrough's data folders in its own temporary folder, removed afterwards.
            start.Environment["TMPDIR"] = tmp;
            start.Environment["PATH"] = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}";
            start.Environment["NO_COLOR"] = "1";
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            foreach (var inherited in new[] { "LEASEHOLD_ENDPOINT", "LEASEHOLD_API_KEY", "LEASEHOLD_TOKEN", "LEASEHOLD_SERVICE" })
            {
                start.Environment.Remove(inherited);
            }

            var output = new List<string>();
            using var process = new Process { StartInfo = start };
            process.OutputDataReceived += (_, e) => Add(output, e.Data);
            process.ErrorDataReceived += (_, e) => Add(output, e.Data);
            var time = TimeProvider.System;
            var started = time.GetTimestamp();
            process.Start();
            // A child of this process is no process group's leader, so setsid makes bash's own pid the group's id.
            var group = process.Id;
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            while (!process.HasExited && time.GetElapsedTime(started) < Timeout)
            {
                await Task.Delay(Poll);
            }

            var timedOut = !process.HasExited;
            var stopDeadline = time.GetElapsedTime(started) + StopGrace;
            while (!timedOut && LiveMembers(group).Count > 0 && time.GetElapsedTime(started) < stopDeadline)
            {
                await Task.Delay(Poll);
            }

            var leftRunning = LiveMembers(group);
            if (leftRunning.Count > 0)
            {
                _ = Kill(-group, 9);
            }

            // The output ends once every process holding the pipe has exited: bounded, since they were all killed.
            using var drained = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(drained.Token);
            }
            catch (OperationCanceledException)
            {
                // The output so far is what the failure message shows.
            }

            lock (output)
            {
                return new WalkthroughResult(
                    timedOut ? null : process.ExitCode,
                    time.GetElapsedTime(started),
                    [.. output],
                    timedOut ? [] : leftRunning,
                    Logs(tmp));
            }
        }
        finally
        {
            try
            {
                work.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A process killed a moment ago may still be closing a file; the folder is a temporary one.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private static void Add(List<string> output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.Add(line);
        }
    }

    /// <summary>The processes of process group <paramref name="group"/> that have not exited (zombies aside), as command lines.</summary>
    private static List<string> LiveMembers(int group)
    {
        var members = new List<string>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                continue;
            }

            try
            {
                // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so read after the last ')'.
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[0] != "Z" && int.Parse(fields[2], CultureInfo.InvariantCulture) == group)
                {
                    members.Add(File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ').Trim());
                }
            }
            catch (IOException)
            {
                // It exited while being read.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return members;
    }

    /// <summary>The last lines of every log file the walkthrough wrote into its data folders, for a failure message.</summary>
    private static string Logs(string tmp)
    {
        var logs = new StringBuilder();
        foreach (var log in Directory.EnumerateFiles(tmp, "*.log", SearchOption.AllDirectories))
        {
            try
            {
                logs.Append(CultureInfo.InvariantCulture, $"--- {Path.GetRelativePath(tmp, log)} (last 40 lines):\n")
                    .AppendJoin('\n', File.ReadLines(log).TakeLast(40)).Append('\n');
            }
            catch (IOException)
            {
            }
        }

        return logs.ToString();
    }

    private static string Metadata(string key) =>
        typeof(WalkthroughRun).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"The test assembly has no {key}.");

    [GeneratedRegex(@"(?<before>^|[;&|]\s*)dotnet build\b", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex DotnetBuild();

    [GeneratedRegex(@"(?:127\.0\.0\.1:|SiloPort=|GatewayPort=)(?<port>\d{2,5})\b", RegexOptions.CultureInvariant)]
    private static partial Regex PortMention();

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
