namespace Leasehold.Chaos.Processes;

/// <summary>
/// Finds the <c>Leasehold.Api.dll</c> the chaos command starts as processes. The <c>leasehold</c> tool does not carry
/// the service (it would make the tool as heavy as the host), so the command looks, in this order: <c>--service</c>,
/// <c>LEASEHOLD_SERVICE</c>, a <c>Leasehold.Api.dll</c> next to this program, and a clone of the repository around the
/// current folder or this program, whose <c>src/Api</c> it builds once (saying so).
/// </summary>
internal static class ServiceFinder
{
    public const string FileName = "Leasehold.Api.dll";
    public const string EnvironmentVariable = "LEASEHOLD_SERVICE";

    /// <summary>The service project, relative to the root of a clone.</summary>
    public static readonly string ProjectInClone = Path.Combine("src", "Api", "Api.csproj");

    /// <summary>The one line shown when there is no service to start, naming every way to give one.</summary>
    public const string Options =
        "pass --service PATH (a Leasehold.Api.dll or its folder), set LEASEHOLD_SERVICE, or run inside a clone of the repository (src/Api is then built once)";

    /// <summary>Bounds the walk up from a folder to the root of a clone.</summary>
    private const int MaxFolderDepth = 32;

    /// <summary>Looks for the service.</summary>
    /// <param name="requested">The <c>--service</c> value, if given: then it is the only place looked at.</param>
    /// <param name="environment">The <c>LEASEHOLD_SERVICE</c> value, if set: then it is the only place looked at.</param>
    /// <param name="programFolder">The folder of this program (<see cref="AppContext.BaseDirectory"/>).</param>
    /// <param name="cloneSearchStarts">Folders from which to walk up looking for a clone (the current folder, this program's folder).</param>
    /// <param name="build">Builds the project at the given path and returns the path of the dll it built, or a problem.</param>
    /// <param name="say">Told, as one line, before a build starts.</param>
    /// <param name="cancellationToken">Interrupts a build.</param>
    public static async Task<ServiceLookup> FindAsync(
        string? requested,
        string? environment,
        string programFolder,
        IReadOnlyList<string> cloneSearchStarts,
        Func<string, CancellationToken, Task<ServiceLookup>> build,
        Action<string> say,
        CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(requested))
        {
            return At(requested, "--service");
        }

        if (!string.IsNullOrWhiteSpace(environment))
        {
            return At(environment, EnvironmentVariable);
        }

        var beside = Path.Combine(programFolder, FileName);
        if (File.Exists(beside))
        {
            return ServiceLookup.Found(beside);
        }

        if (FindProjectInClone(cloneSearchStarts) is { } project)
        {
            say($"Building the service once: dotnet build {project}");
            return await build(project, cancellationToken).ConfigureAwait(false);
        }

        return ServiceLookup.NotFound($"no {FileName} to start: {Options}.");
    }

    /// <summary>The service project of the first clone found walking up from each start folder in turn.</summary>
    internal static string? FindProjectInClone(IReadOnlyList<string> starts)
    {
        foreach (var start in starts)
        {
            var folder = new DirectoryInfo(Path.GetFullPath(start));
            for (var depth = 0; folder is not null && depth < MaxFolderDepth; depth++, folder = folder.Parent)
            {
                var project = Path.Combine(folder.FullName, ProjectInClone);
                if (File.Exists(project))
                {
                    return project;
                }
            }
        }

        return null;
    }

    private static ServiceLookup At(string path, string source)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            return ServiceLookup.Found(full);
        }

        if (Directory.Exists(full) && Path.Combine(full, FileName) is var inFolder && File.Exists(inFolder))
        {
            return ServiceLookup.Found(inFolder);
        }

        return ServiceLookup.NotFound($"{source} {path}: no {FileName} there; {Options}.");
    }
}
