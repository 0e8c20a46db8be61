using System.Diagnostics;
using Leasehold.Testing;

namespace Leasehold.Api.Tests;

/// <summary>A bad setting stops the start with a message that names its key.</summary>
public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("--Cluster:SiloPort=abc", "Cluster:SiloPort")]
    [InlineData("--Cluster:SiloPort=70000", "Cluster:SiloPort")]
    [InlineData("--Cluster:SiloAddress=not-an-ip", "Cluster:SiloAddress")]
    [InlineData("--Cluster:ClusterId=has space", "Cluster:ClusterId")]
    [InlineData("--Storage:Provider=Oracle", "Storage:Provider")]
    [InlineData("--Leases:TtlMin=02:00:00", "Leases:TtlMin")]
    [InlineData("--Leases:SigningKey=dG9vIHNob3J0", "Leases:SigningKey")]
    [InlineData("--Leases:WaitMax=00:01:00", "Leases:WaitMax")]
    [InlineData("--Objects:ShardCount=0", "ShardCount")]
    [InlineData("--Faults:Enabled=true", "Faults:AdminKey")]
    [InlineData("--Cluster:GatewayPort=70000", "Cluster:GatewayPort")]
    [InlineData("--Cluster:GatewayPort=-1", "Cluster:GatewayPort")]
    [InlineData("--Api:Role=Gateway", "Api:Role")]
    [InlineData("--Auth:Mode=ApiKey", "Auth:Keys")]
    [InlineData("--Auth:Mode=Sometimes", "Auth:Mode")]
    [InlineData("--Cluster:DeadSiloDisplayAge=00:00:00", "Cluster:DeadSiloDisplayAge")]
    [InlineData("--Cluster:DeadSiloDisplayAge=soon", "Cluster:DeadSiloDisplayAge")]
    [InlineData("--Cluster:Membership:DefunctSiloCleanupPeriod=-00:01:00", "Cluster:Membership:DefunctSiloCleanupPeriod")]
    [InlineData("--Cluster:Membership:DefunctSiloExpiration=00:00:00", "Cluster:Membership:DefunctSiloExpiration")]
    [InlineData("--Cluster:Membership:DefunctSiloExpiration=a-week", "Cluster:Membership:DefunctSiloExpiration")]
    [InlineData("--Api:SiloAnswerTimeout=00:00:00", "Api:SiloAnswerTimeout")]
    [InlineData("--Leases:WatchHistory=0", "WatchHistory")]
    [InlineData("--Leases:WatchHistory=5000", "WatchHistory")]
    [InlineData("--Watches:Refresh=00:00:00.001", "Watches:Refresh")]
    [InlineData("--Watches:WaitMax=02:00:00", "Watches:WaitMax")]
    [InlineData("--Watches:WaitDefault=00:10:00", "Watches:WaitDefault")]
    [InlineData("--Watches:MaxWatches=0", "Watches:MaxWatches")]
    public async Task A_bad_value_fails_the_start_naming_the_key(string setting, string key)
    {
        using var database = new TempDatabase();

        var failure = await Record.ExceptionAsync(() => StartAndStopAsync(database, setting));

        Assert.NotNull(failure);
        Assert.Contains(key, Describe(failure), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_storage_path_that_cannot_be_created_fails_the_start_naming_the_key()
    {
        using var database = new TempDatabase();
        var blocker = Path.Combine(database.Folder, "a-file");
        await File.WriteAllTextAsync(blocker, "not a folder");

        var failure = await Record.ExceptionAsync(() => StartAndStopAsync(database, $"--Storage:ConnectionString=Data Source={blocker}/sub/leasehold.db"));

        Assert.NotNull(failure);
        Assert.Contains("Storage:ConnectionString", Describe(failure), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_process_exits_with_code_2_and_one_line_naming_the_key()
    {
        var (exitCode, stderr, stdout) = await RunApiAsync("--Cluster:SiloPort=eleven");

        Assert.Equal(2, exitCode);
        Assert.Equal("leasehold: configuration error: Cluster:SiloPort: 'eleven' is not a whole number.\n", stderr.ReplaceLineEndings("\n"));
        // Nothing before it either: the host's own "Hosting failed to start" with its stack is not logged.
        Assert.DoesNotContain("Hosting failed to start", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_process_names_every_bad_key_on_a_line_of_its_own()
    {
        var (exitCode, stderr, stdout) = await RunApiAsync("--Faults:Enabled=true", "--Api:MaxJsonBodyBytes=0", "--Objects:ShardCount=0");

        Assert.Equal(2, exitCode);
        var lines = stderr.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.All(lines, line => Assert.StartsWith("leasehold: configuration error: ", line, StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("Faults:AdminKey", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("Api:MaxJsonBodyBytes", StringComparison.Ordinal));
        // Data annotations' message names the class; the line names the key instead.
        Assert.Contains("leasehold: configuration error: Objects:ShardCount must be between 1 and 65536.", lines);
        Assert.Equal(3, lines.Length);
        Assert.DoesNotContain("Hosting failed to start", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_storage_path_refused_while_the_host_starts_is_one_line_too()
    {
        using var folder = new TempDatabase();
        var blocker = Path.Combine(folder.Folder, "a-file");
        await File.WriteAllTextAsync(blocker, "not a folder");

        // The last value of a key on the command line wins, so this replaces the working database.
        var (exitCode, stderr, stdout) = await RunApiAsync($"--Storage:ConnectionString=Data Source={blocker}/sub/leasehold.db");

        Assert.Equal(2, exitCode);
        var line = Assert.Single(stderr.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'));
        Assert.StartsWith("leasehold: configuration error: Storage:ConnectionString", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Hosting failed to start", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_another_process_listens_on_is_one_line_that_says_so_and_exit_code_2()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;

        // The last --urls wins over the free port the helper gives.
        var (exitCode, stderr, stdout) = await RunApiAsync("--urls", $"http://127.0.0.1:{port}");

        Assert.Equal(2, exitCode);
        var line = Assert.Single(stderr.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'));
        Assert.StartsWith("leasehold: configuration error: ", line, StringComparison.Ordinal);
        Assert.Contains($"{port}", line, StringComparison.Ordinal);
        Assert.Contains("--urls", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_stack_of_a_configuration_error_is_logged_only_at_debug_level()
    {
        var (exitCode, stderr, stdout) = await RunApiAsync("--Cluster:SiloPort=eleven", "--Logging:LogLevel:Leasehold.Hosting=Debug");

        Assert.Equal(2, exitCode);
        Assert.Single(stderr.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'));
        Assert.Contains("The start was stopped by a configuration error", stdout, StringComparison.Ordinal);
        Assert.Contains("   at ", stdout, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Stderr, string Stdout)> RunApiAsync(params string[] settings)
    {
        using var database = new TempDatabase();
        var api = Path.Combine(AppContext.BaseDirectory, "Leasehold.Api.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = database.Folder,
        };
        foreach (var argument in (string[])[api, "--urls", "http://127.0.0.1:0", $"--Storage:ConnectionString={database.ConnectionString}", .. settings])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stderr, await stdout);
    }

    private static async Task StartAndStopAsync(TempDatabase database, string setting)
    {
        var server = await ApiServer.StartAsync(database, null, setting);
        await server.DisposeAsync();
    }

    private static string Describe(Exception failure) =>
        failure is Microsoft.Extensions.Options.OptionsValidationException validation
            ? string.Join(" ", validation.Failures)
            : failure is AggregateException aggregate
                ? string.Join(" ", aggregate.InnerExceptions.Select(Describe))
                : failure.Message + " " + failure.InnerException?.Message;
}
