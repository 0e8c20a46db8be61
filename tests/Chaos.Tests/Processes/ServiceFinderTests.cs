using Leasehold.Chaos.Processes;

namespace Leasehold.Chaos.Tests.Processes;

/// <summary>Where the chaos command finds the service it starts: each source in its order, and one line naming them all when none has it.</summary>
public sealed class ServiceFinderTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "leasehold-chaos-finder", Guid.NewGuid().ToString("N"));
    private readonly List<string> _built = [];
    private readonly List<string> _said = [];

    public ServiceFinderTests() => Directory.CreateDirectory(_root);

    [Fact]
    public async Task Service_option_naming_the_dll_is_used_before_everything_else()
    {
        var dll = Dll("given");
        var result = await FindAsync(requested: dll, environment: Dll("env"), programFolder: Folder("program", withDll: true));

        Assert.Equal(dll, result.Path);
        Assert.Empty(_built);
    }

    [Fact]
    public async Task Service_option_naming_a_folder_uses_the_dll_inside_it()
    {
        var folder = Path.GetDirectoryName(Dll("given"))!;

        var result = await FindAsync(requested: folder);

        Assert.Equal(Path.Combine(folder, ServiceFinder.FileName), result.Path);
    }

    [Fact]
    public async Task Service_option_naming_nothing_is_an_error_naming_the_options_and_does_not_fall_back()
    {
        var missing = Path.Combine(_root, "nowhere");

        var result = await FindAsync(requested: missing, programFolder: Folder("program", withDll: true));

        Assert.Null(result.Path);
        Assert.StartsWith($"--service {missing}: no {ServiceFinder.FileName} there; ", result.Problem, StringComparison.Ordinal);
        Assert.Contains(ServiceFinder.Options, result.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', result.Problem!);
    }

    [Fact]
    public async Task Environment_variable_is_used_when_no_option_is_given()
    {
        var dll = Dll("env");

        var result = await FindAsync(environment: dll, programFolder: Folder("program", withDll: true));

        Assert.Equal(dll, result.Path);
    }

    [Fact]
    public async Task Environment_variable_naming_nothing_is_an_error_that_names_the_variable()
    {
        var result = await FindAsync(environment: Path.Combine(_root, "nowhere"), programFolder: Folder("program", withDll: true));

        Assert.Null(result.Path);
        Assert.StartsWith(ServiceFinder.EnvironmentVariable, result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dll_next_to_the_program_is_used_without_building()
    {
        var program = Folder("program", withDll: true);
        var clone = Clone("clone");

        var result = await FindAsync(programFolder: program, starts: [clone]);

        Assert.Equal(Path.Combine(program, ServiceFinder.FileName), result.Path);
        Assert.Empty(_built);
    }

    [Fact]
    public async Task Inside_a_clone_the_service_project_is_built_once_and_the_build_is_announced()
    {
        var clone = Clone("clone");
        var deep = Directory.CreateDirectory(Path.Combine(clone, "docs", "grafana")).FullName;

        var result = await FindAsync(programFolder: Folder("program", withDll: false), starts: [deep]);

        var project = Path.Combine(clone, "src", "Api", "Api.csproj");
        Assert.Equal([project], _built);
        Assert.Equal(Path.Combine(clone, "built", ServiceFinder.FileName), result.Path);
        Assert.Equal([$"Building the service once: dotnet build {project}"], _said);
    }

    [Fact]
    public async Task Nothing_anywhere_is_one_line_naming_every_option()
    {
        var result = await FindAsync(programFolder: Folder("program", withDll: false), starts: [Folder("elsewhere", withDll: false)]);

        Assert.Null(result.Path);
        Assert.Equal($"no {ServiceFinder.FileName} to start: {ServiceFinder.Options}.", result.Problem);
        Assert.Contains("--service PATH", result.Problem, StringComparison.Ordinal);
        Assert.Contains(ServiceFinder.EnvironmentVariable, result.Problem, StringComparison.Ordinal);
        Assert.Empty(_built);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private Task<ServiceLookup> FindAsync(string? requested = null, string? environment = null, string? programFolder = null, string[]? starts = null) =>
        ServiceFinder.FindAsync(
            requested,
            environment,
            programFolder ?? Folder("program", withDll: false),
            starts ?? [],
            (project, _) =>
            {
                _built.Add(project);
                var root = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(project)))!;
                return Task.FromResult(ServiceLookup.Found(Path.Combine(root, "built", ServiceFinder.FileName)));
            },
            _said.Add,
            CancellationToken.None);

    private string Folder(string name, bool withDll)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, name)).FullName;
        if (withDll)
        {
            File.WriteAllText(Path.Combine(folder, ServiceFinder.FileName), string.Empty);
        }

        return folder;
    }

    private string Dll(string name) => Path.Combine(Folder(name, withDll: true), ServiceFinder.FileName);

    private string Clone(string name)
    {
        var clone = Folder(name, withDll: false);
        var api = Directory.CreateDirectory(Path.Combine(clone, "src", "Api")).FullName;
        File.WriteAllText(Path.Combine(api, "Api.csproj"), "<Project />");
        return clone;
    }
}
