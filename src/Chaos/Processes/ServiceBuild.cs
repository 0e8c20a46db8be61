using System.Diagnostics;

namespace Leasehold.Chaos.Processes;

/// <summary>
/// <c>dotnet build</c> of the service project in a clone of the repository, for a chaos command that was not given a
/// service. Incremental: when nothing changed since the last build it takes seconds.
/// </summary>
internal static class ServiceBuild
{
    private const int ProblemLines = 5;

    /// <summary>Builds <paramref name="project"/> and returns the dll it built, or the build's last lines as the problem.</summary>
    public static async Task<ServiceLookup> RunAsync(string project, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // -getProperty prints the built dll's path instead of the build log (errors still appear).
        foreach (var argument in new[] { "build", project, "-nologo", "-v:q", "-getProperty:TargetPath" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"dotnet build {project} did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The build is this command's own child: it does not outlive an interrupted run.
            process.Kill(entireProcessTree: true);
            throw;
        }

        var lines = $"{await output.ConfigureAwait(false)}\n{await error.ConfigureAwait(false)}"
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var built = lines.LastOrDefault(l => l.EndsWith(ServiceFinder.FileName, StringComparison.Ordinal));
        return process.ExitCode == 0 && built is not null && File.Exists(built)
            ? ServiceLookup.Found(built)
            : ServiceLookup.NotFound($"dotnet build {project} failed (exit {process.ExitCode}): {string.Join(" | ", lines.TakeLast(ProblemLines))}");
    }
}
