using System.IO.Compression;
using Leasehold.NodeCluster;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit.Abstractions;

namespace Leasehold.Packaging.Tests;

/// <summary>
/// Leasehold's library packages as a user gets them: each carries what a package page shows (description, tags,
/// license, README), its XML docs and a symbol package; and a project that knows nothing of this repository restores
/// them from a local folder and runs a lease through them.
/// </summary>
public sealed class PackageTests(PackedLibraries packed, ITestOutputHelper output) : IClassFixture<PackedLibraries>
{
    private static readonly TimeSpan RestoreAndBuildTimeout = TimeSpan.FromMinutes(6);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    /// <summary>The Orleans the packages were built against (Directory.Packages.props), for the throwaway project's own references.</summary>
    private const string OrleansVersion = "10.4.2";

    [Fact]
    public void Each_library_packs_with_its_description_tags_license_readme_xml_docs_and_symbols()
    {
        Assert.True(packed.Pack.Succeeded, packed.Pack.ToString());
        output.WriteLine($"pack: {packed.Pack.Elapsed.TotalSeconds:F1} s");
        var made = Directory.GetFiles(packed.Feed, "*.nupkg").Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(PackedLibraries.Ids.Select(id => $"{id}.{packed.Version}.nupkg").Order(), made);

        foreach (var id in PackedLibraries.Ids)
        {
            Assert.True(File.Exists(packed.PackagePath(id, "snupkg")), $"{id} has no symbol package");
            using var package = ZipFile.OpenRead(packed.PackagePath(id));
            var files = package.Entries.Select(e => e.FullName).ToHashSet();
            Assert.Contains("README.md", files);
            Assert.Contains($"lib/net10.0/{id}.dll", files);
            Assert.Contains($"lib/net10.0/{id}.xml", files);

            var nuspec = Nuspec(package, id);
            string? Field(string name) => nuspec.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;
            Assert.False(string.IsNullOrWhiteSpace(Field("description")), $"{id} has no description");
            Assert.Contains("leasehold", Field("tags")?.Split(' ') ?? []);
            Assert.Equal("README.md", Field("readme"));
            var license = nuspec.Elements().Single(e => e.Name.LocalName == "license");
            Assert.Equal(("expression", "MIT"), ((string?)license.Attribute("type"), license.Value));

            // A Leasehold package depends on the other Leasehold packages of the same pack, never on a project.
            foreach (var dependency in nuspec.Descendants().Where(e => e.Name.LocalName == "dependency"))
            {
                var dependsOn = (string)dependency.Attribute("id")!;
                if (dependsOn.StartsWith("Leasehold.", StringComparison.Ordinal))
                {
                    Assert.Contains(dependsOn, PackedLibraries.Ids);
                    Assert.Equal(packed.Version, (string?)dependency.Attribute("version"));
                }
            }
        }
    }

    [Fact]
    public async Task A_project_outside_the_repository_runs_a_lease_through_the_packages_on_orleans_and_over_http()
    {
        Assert.True(packed.Pack.Succeeded, packed.Pack.ToString());
        var app = WriteThrowawayProject();
        var environment = new Dictionary<string, string>
        {
            // Leasehold's test packages restore here, not into the user's global package folder (which only serves
            // what it already holds, as a fallback folder: see nuget.config).
            ["NUGET_PACKAGES"] = Path.Combine(packed.Root, "packages"),
        };
        string[] versions = [$"-p:LeaseholdVersion={packed.Version}", $"-p:OrleansVersion={OrleansVersion}"];

        var build = await DotnetCommand.RunAsync(app, ["build", .. versions, "--disable-build-servers", "--nologo", "-v", "q"], RestoreAndBuildTimeout, environment);
        output.WriteLine($"pack: {packed.Pack.Elapsed.TotalSeconds:F1} s, restore and build: {build.Elapsed.TotalSeconds:F1} s");
        Assert.True(build.Succeeded, build.ToString());

        await using var server = await ApiNode.StartAsync();
        var program = Path.Combine(app, "bin", "Debug", "net10.0", "Consumer.dll");
        var run = await DotnetCommand.RunAsync(app, [program, Path.Combine(packed.Root, "grains.db"), server.Endpoint.ToString()], RunTimeout, environment);
        output.WriteLine($"run: {run.Elapsed.TotalSeconds:F1} s");
        Assert.True(run.Succeeded, run.ToString());

        // Orleans: alice's write is accepted; bob, granted after her release, has a larger fence; her late write is refused.
        var grains = Regex.Match(run.Output, @"^grains: alice=(\d+) Accepted bob=(\d+) Accepted late=StaleFence paused=False$", RegexOptions.Multiline);
        Assert.True(grains.Success, run.ToString());
        Assert.True(long.Parse(grains.Groups[2].Value) > long.Parse(grains.Groups[1].Value), grains.Value);

        // HTTP: the same story through LeaseholdClient.
        var client = Regex.Match(run.Output, @"^client: carol=(\d+) version=1 dave=(\d+) version=2 late=StaleFenceException$", RegexOptions.Multiline);
        Assert.True(client.Success, run.ToString());
        Assert.True(long.Parse(client.Groups[2].Value) > long.Parse(client.Groups[1].Value), client.Value);
    }

    /// <summary>
    /// Writes the throwaway project (Consumer/, copied beside these tests) into the temporary folder, with files that
    /// stop MSBuild looking further up for a Directory.Build.props or Directory.Packages.props, and a nuget.config that
    /// takes Leasehold's packages from the local folder only and everything else from nuget.org.
    /// </summary>
    private string WriteThrowawayProject()
    {
        var app = Path.Combine(packed.Root, "app");
        Directory.CreateDirectory(app);
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Consumer")))
        {
            File.Copy(file, Path.Combine(app, Path.GetFileName(file)));
        }

        File.WriteAllText(Path.Combine(app, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(app, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(app, "Directory.Packages.props"), "<Project />\n");

        var userPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } set
            ? set
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var fallback = Directory.Exists(userPackages)
            ? new XElement("fallbackPackageFolders", new XElement("clear"), Add("user", userPackages))
            : new XElement("fallbackPackageFolders", new XElement("clear"));
        var config = new XElement("configuration",
            new XElement("config", Add("globalPackagesFolder", Path.Combine(packed.Root, "packages"))),
            new XElement("packageSources", new XElement("clear"), Add("leasehold-test", packed.Feed), Add("nuget.org", "https://api.nuget.org/v3/index.json")),
            new XElement("packageSourceMapping", new XElement("clear"),
                new XElement("packageSource", new XAttribute("key", "leasehold-test"), Pattern("Leasehold.*")),
                new XElement("packageSource", new XAttribute("key", "nuget.org"), Pattern("*"))),
            fallback);
        config.Save(Path.Combine(app, "nuget.config"));
        return app;

        static XElement Add(string key, string value) => new("add", new XAttribute("key", key), new XAttribute("value", value));
        static XElement Pattern(string pattern) => new("package", new XAttribute("pattern", pattern));
    }

    private static XElement Nuspec(ZipArchive package, string id)
    {
        using var stream = package.GetEntry($"{id}.nuspec")!.Open();
        return XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    }
}
