using System.Diagnostics;
using System.Text;

namespace Leasehold.Packaging.Tests;

/// <summary>The outcome of one <c>dotnet</c> command: its exit code (null: it ran out of time and was killed) and its output.</summary>
internal sealed record CommandResult(string Command, int? ExitCode, string Output, TimeSpan Elapsed)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>What a failing test prints, so a CI log says why.</summary>
    public override string ToString() =>
        $"`{Command}` {(ExitCode is { } code ? $"exited {code}" : "ran out of time and was killed")} after {Elapsed.TotalSeconds:F0} s:\n{Output}";
}

/// <summary>
/// Runs the <c>dotnet</c> that runs these tests, bounded by a timeout. A command still running at its deadline is killed
/// with the processes it started (its own tree, by its id) and reported as such. Build servers are disabled, so a
/// command leaves no MSBuild node or compiler server running after it.
/// </summary>
internal static class DotnetCommand
{
    /// <summary>Variables the test host inherits from the SDK that would point a fresh <c>dotnet</c> at this build's MSBuild.</summary>
    private static readonly string[] Inherited = ["MSBUILD_EXE_PATH", "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBuildLoadMicrosoftTargetsReadOnly"];

    public static async Task<CommandResult> RunAsync(string workingDirectory, IReadOnlyList<string> arguments, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in Inherited)
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var command = $"dotnet {string.Join(' ', arguments)}";
        var output = new StringBuilder();
        var started = TimeProvider.System.GetTimestamp();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            return new CommandResult(command, null, Text(output), TimeProvider.System.GetElapsedTime(started));
        }

        // The exit is seen before the last redirected lines: this waits for the end of both streams.
        process.WaitForExit();
        return new CommandResult(command, process.ExitCode, Text(output), TimeProvider.System.GetElapsedTime(started));
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
