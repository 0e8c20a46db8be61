using System.Security.Cryptography;
using System.Text;
using Leasehold.Cli;
using Leasehold.Client.Tests.Cli;

namespace Leasehold.Client.Tests;

/// <summary>A server with API keys on: the client and the CLI send their key; without it they get a clear refusal.</summary>
public sealed class ApiKeyTests : IClassFixture<ApiKeyTests.SecuredServer>
{
    private const string Key = "client-tests-key-0123456789";
    private readonly SecuredServer _server;

    public ApiKeyTests(SecuredServer server) => _server = server;

    [Fact]
    public async Task The_client_sends_its_api_key_and_its_leases_are_held_by_its_principal()
    {
        using var client = _server.CreateClient(new LeaseholdClientOptions { ApiKey = Key });
        using var anonymous = _server.CreateClient();

        var lease = await client.AcquireAsync("secured", "carol", TimeSpan.FromSeconds(30));
        var refused = await Assert.ThrowsAnyAsync<LeaseholdException>(() => anonymous.GetLeaseAsync("secured"));

        Assert.Equal("carol", lease.Holder);
        Assert.Equal(401, refused.Status);
    }

    [Fact]
    public async Task The_cli_takes_the_api_key_from_its_option()
    {
        var withKey = await CliRunner.RunAsync(_server.Endpoint, "--api-key", Key, "lease", "get", "secured-cli");
        var withoutKey = await CliRunner.RunAsync(_server.Endpoint, "lease", "get", "secured-cli");

        Assert.Equal(ExitCodes.Ok, withKey.ExitCode);
        Assert.NotEqual(ExitCodes.Ok, withoutKey.ExitCode);
    }

    [Fact]
    public async Task The_load_generator_sends_the_key_and_its_leases_are_held_by_the_keys_principal()
    {
        // Long enough that a slow, loaded machine still completes writes after the leases are taken (the first took 113 ms
        // on a loaded CI box, and 300 ms recorded none).
        var result = await CliRunner.RunAsync(_server.Endpoint,
            "--api-key", Key, "bench", "--workload", "write", "--connections", "2", "--duration", "3s", "--warmup", "0s", "--ttl", "30s", "-o", "json");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        using var report = System.Text.Json.JsonDocument.Parse(result.Output);
        Assert.Empty(report.RootElement.GetProperty("errors").EnumerateObject());
        Assert.True(report.RootElement.GetProperty("units").GetInt64() > 0, result.Output);
        using var client = _server.CreateClient(new LeaseholdClientOptions { ApiKey = Key });
        var lease = await client.GetLeaseAsync($"bench-{report.RootElement.GetProperty("runId").GetString()}-0");
        Assert.Equal("carol", lease.Holder);
    }

    public sealed class SecuredServer : LeaseholdServer
    {
        protected override string[] Settings =>
        [
            "--Auth:Mode=ApiKey", "--Auth:Keys:0:Principal=carol",
            $"--Auth:Keys:0:Sha256={Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Key)))}",
            "--Auth:Keys:0:Roles:0=lease", "--Auth:Keys:0:Roles:1=write", "--Auth:Keys:0:Roles:2=read",
        ];
    }
}
