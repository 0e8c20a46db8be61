using System.Reflection;

namespace Leasehold.Packaging.Tests;

/// <summary>
/// The library packages, packed once for the tests of a class: <c>dotnet pack eng/packages.slnf</c> into a temporary
/// folder with a version no cache has seen (<c>0.0.0-test.&lt;ticks&gt;</c>). The libraries are already built (this
/// project references them), so the pack takes that build (<c>--no-build</c>, the tests' own configuration) instead of
/// compiling all of them again. The folder is deleted on dispose.
/// </summary>
public sealed class PackedLibraries : IAsyncLifetime
{
    /// <summary>The packages a user references, and the ones they depend on.</summary>
    public static readonly string[] Ids =
    [
        "Leasehold.Client", "Leasehold.Grains.Interfaces", "Leasehold.Grains", "Leasehold.TestingHost",
        "Leasehold.Faults", "Leasehold.Storage", "Leasehold.Storage.Sqlite", "Leasehold.Storage.Postgres",
    ];

    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The repository these tests were built from.</summary>
    public static string RepositoryRoot { get; } = Metadata("RepositoryRoot");

    /// <summary>The temporary folder everything of these tests lives in (packages, the throwaway project, its restore).</summary>
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "leasehold-packaging", Guid.NewGuid().ToString("N"));

    /// <summary>The local package folder the pack writes to.</summary>
    public string Feed => Path.Combine(Root, "feed");

    public string Version { get; } = $"0.0.0-test.{TimeProvider.System.GetUtcNow().UtcTicks}";

    /// <summary>The pack command and its output.</summary>
    internal CommandResult Pack { get; private set; } = null!;

    public string PackagePath(string id, string extension = "nupkg") => Path.Combine(Feed, $"{id}.{Version}.{extension}");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        Pack = await DotnetCommand.RunAsync(RepositoryRoot,
        [
            "pack", Path.Combine("eng", "packages.slnf"), "--no-build", "-c", Metadata("Configuration"), "-o", Feed,
            $"-p:Version={Version}", "--disable-build-servers", "--nologo", "-v", "q",
        ], PackTimeout);
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still open (a killed process's): the folder is under the temporary path and says what it is.
        }

        return Task.CompletedTask;
    }

    private static string Metadata(string key) =>
        typeof(PackedLibraries).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
