using Leasehold.Chaos.Processes;

namespace Leasehold.Chaos.Tests.Processes;

/// <summary>
/// Building a clone's service when it fails: the chaos command gets the build's own last lines as the reason (and so
/// exits 2) instead of starting nothing in silence. The project is a stand-in whose build fails on purpose.
/// </summary>
public sealed class ServiceBuildTests : IDisposable
{
    private readonly string _folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "leasehold-chaos-build", Guid.NewGuid().ToString("N"))).FullName;

    [Fact]
    public async Task A_build_that_succeeds_gives_the_dll_it_wrote()
    {
        // The stand-in's dll exists only if its Build target ran, so evaluating the project alone would not pass.
        var project = Project("""
            <Project>
              <PropertyGroup><TargetPath>$(MSBuildProjectDirectory)/out/Leasehold.Api.dll</TargetPath></PropertyGroup>
              <Target Name="Restore" />
              <Target Name="Build"><WriteLinesToFile File="$(TargetPath)" Lines="stand-in" /></Target>
            </Project>
            """);

        var result = await ServiceBuild.RunAsync(project, TimeSpan.FromMinutes(2), CancellationToken.None);

        Assert.Equal(Path.Combine(_folder, "out", ServiceFinder.FileName), result.Path);
        Assert.Null(result.Problem);
    }

    [Fact]
    public async Task A_failing_build_is_reported_with_its_error_and_no_service()
    {
        var project = Project("""<Project><Target Name="Restore" /><Target Name="Build"><Error Text="broken on purpose" /></Target></Project>""");

        var result = await ServiceBuild.RunAsync(project, TimeSpan.FromMinutes(2), CancellationToken.None);

        Assert.True(result.Path is null, result.Path);
        Assert.StartsWith($"dotnet build {project} failed (exit 1): ", result.Problem, StringComparison.Ordinal);
        Assert.Contains("broken on purpose", result.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', result.Problem!);
    }

    [Fact]
    public async Task A_build_past_its_deadline_is_stopped_and_reported()
    {
        // A build that would wait a minute; the deadline ends it after a fraction of that.
        var project = Project("""<Project><Target Name="Restore" /><Target Name="Build"><Exec Command="sleep 60" /></Target></Project>""");

        var result = await ServiceBuild.RunAsync(project, TimeSpan.FromSeconds(3), CancellationToken.None);

        Assert.Null(result.Path);
        Assert.StartsWith($"dotnet build {project} did not finish within 3 s", result.Problem, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private string Project(string text)
    {
        var project = Path.Combine(_folder, "Api.csproj");
        File.WriteAllText(project, text);
        return project;
    }
}
