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
    [InlineData("--Cluster:Secret=dG9vIHNob3J0", "Cluster:Secret")]
    [InlineData("--Auth:Mode=ApiKey", "Auth:Keys")]
    [InlineData("--Auth:Mode=Sometimes", "Auth:Mode")]
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
        using var database = new TempDatabase();
        var api = Path.Combine(AppContext.BaseDirectory, "Leasehold.Api.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { api, "--urls", "http://127.0.0.1:0", $"--Storage:ConnectionString={database.ConnectionString}", "--Cluster:SiloPort=eleven" },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = database.Folder,
        };

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(2, process.ExitCode);
        var message = await stderr;
        Assert.StartsWith("leasehold: configuration error:", message, StringComparison.Ordinal);
        Assert.Contains("Cluster:SiloPort", message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", message, StringComparison.Ordinal);
        _ = await stdout;
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
