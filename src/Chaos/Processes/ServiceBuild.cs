using System.Diagnostics;

namespace Leasehold.Chaos.Processes;

/// <summary>
/// <c>dotnet build</c> of the service project in a clone of the repository, for a chaos command that was not given a
/// service. Incremental: when nothing changed since the last build it takes seconds.
/// </summary>
internal static class ServiceBuild
{
    private const int ProblemLines = 5;

    /// <summary>A first build of the service (restore, Orleans code generation) takes minutes on a small machine; more is a hung build.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    /// <summary>Builds <paramref name="project"/> and returns the dll it built, or the build's last lines as the problem.</summary>
    public static Task<ServiceLookup> RunAsync(string project, CancellationToken cancellationToken) => RunAsync(project, Timeout, cancellationToken);

    /// <summary>As <see cref="RunAsync(string, CancellationToken)"/>, giving up after <paramref name="timeout"/>.</summary>
    internal static async Task<ServiceLookup> RunAsync(string project, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // -getProperty prints the built dll's path instead of the build log (errors still appear); without -t:Build it
        // would only evaluate the project. No build nodes outlive the command.
        foreach (var argument in new[] { "build", project, "-nologo", "-v:q", "-nodeReuse:false", "-t:Build", "-getProperty:TargetPath" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"dotnet build {project} did not start.");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var output = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var error = process.StandardError.ReadToEndAsync(deadline.Token);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The build is this command's own child: it does not outlive an interrupted run or its deadline.
            process.Kill(entireProcessTree: true);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            return ServiceLookup.NotFound($"dotnet build {project} did not finish within {timeout.TotalSeconds:0} s; build it yourself and {ServiceFinder.Options}.");
        }

        var lines = $"{await output.ConfigureAwait(false)}\n{await error.ConfigureAwait(false)}"
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var built = lines.LastOrDefault(l => l.EndsWith(ServiceFinder.FileName, StringComparison.Ordinal));
        return process.ExitCode == 0 && built is not null && File.Exists(built)
            ? ServiceLookup.Found(built)
            : ServiceLookup.NotFound($"dotnet build {project} failed (exit {process.ExitCode}): {string.Join(" | ", lines.TakeLast(ProblemLines))}");
    }
}
