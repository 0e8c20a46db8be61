using System.Diagnostics;
using System.IO.Compression;
using System.Reflection;

namespace Leasehold.Client.Tests.Cli;

/// <summary>
/// The <c>leasehold</c> tool as a user gets it: packed, installed with <c>dotnet tool install --tool-path</c> from a
/// folder (a nuget.config that clears every other source, so nothing goes to the network), then run.
/// </summary>
public sealed class ToolPackageTests : IDisposable
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(60);
    private static readonly string[] ServerAssemblies = ["Leasehold.Api", "Leasehold.Grains", "Leasehold.Storage", "Orleans", "Npgsql", "Sqlite"];
    private readonly ScratchFolder _scratch = new();

    [Fact]
    public async Task Packed_tool_installs_from_a_folder_runs_help_completes_and_carries_no_server_assemblies()
    {
        var packages = Directory.CreateDirectory(_scratch.File("packages")).FullName;
        var tools = _scratch.File("tools");
        var configuration = typeof(ToolPackageTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

        // The test project references src/Cli, so it is built in this configuration already: pack only packs.
        await RunAsync(Dotnet, "pack", CliProject(), "--no-build", "-c", configuration, "-o", packages, "-nologo");
        var package = Assert.Single(Directory.GetFiles(packages, "Leasehold.Cli.*.nupkg"));
        using (var zip = ZipFile.OpenRead(package))
        {
            var assemblies = zip.Entries.Where(e => e.Name.EndsWith(".dll", StringComparison.Ordinal)).Select(e => e.Name).ToList();
            Assert.Contains("leasehold.dll", assemblies);
            Assert.Contains("Leasehold.Chaos.dll", assemblies);
            Assert.DoesNotContain(assemblies, a => ServerAssemblies.Any(s => a.Contains(s, StringComparison.OrdinalIgnoreCase)));
        }

        var config = _scratch.File("nuget.config");
        await File.WriteAllTextAsync(config, $"""
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{packages}" />
              </packageSources>
            </configuration>
            """);
        await RunAsync(Dotnet, "tool", "install", "Leasehold.Cli", "--tool-path", tools, "--configfile", config);

        var help = await RunAsync(Path.Combine(tools, "leasehold"), "--help");
        Assert.Contains("lease", help, StringComparison.Ordinal);
        Assert.Contains("completion", help, StringComparison.Ordinal);

        // The bash script as a shell runs it on Tab after "leasehold le".
        var completed = await RunAsync("bash", "-c", $$"""
            PATH="{{tools}}:$PATH"
            source <(leasehold completion bash)
            COMP_LINE="leasehold le"; COMP_POINT=12; COMP_WORDS=(leasehold le); COMP_CWORD=1
            _leasehold_complete
            printf '%s\n' "${COMPREPLY[@]}"
            """);
        Assert.Equal("lease", completed.Trim());
    }

    public void Dispose() => _scratch.Dispose();

    /// <summary>The dotnet that runs this test (set by the SDK, or this very process under <c>dotnet test</c>).</summary>
    private static string Dotnet =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self
        : "dotnet";

    private static string CliProject()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var project = Path.Combine(folder.FullName, "src", "Cli", "Cli.csproj");
            if (File.Exists(project))
            {
                return project;
            }
        }

        throw new InvalidOperationException($"src/Cli/Cli.csproj was not found above {AppContext.BaseDirectory}: this test runs from a clone.");
    }

    /// <summary>Runs a program to its end (at most <see cref="StepTimeout"/>), asserts exit 0, returns its output.</summary>
    private async Task<string> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _scratch.Path,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The installed tool's launcher finds the runtime of the SDK that runs this test, wherever it is installed.
        if (Path.IsPathRooted(Dotnet))
        {
            start.Environment["DOTNET_ROOT"] = Path.GetDirectoryName(Dotnet);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        using var bound = new CancellationTokenSource(StepTimeout);
        var output = process.StandardOutput.ReadToEndAsync(bound.Token);
        var error = process.StandardError.ReadToEndAsync(bound.Token);
        try
        {
            await process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not end within {StepTimeout.TotalSeconds:0} s.");
        }

        var text = await output;
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} exited {process.ExitCode}: {text} {await error}");
        return text;
    }
}
