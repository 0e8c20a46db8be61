using System.Text.Json;
using Leasehold.Cli;

namespace Leasehold.Client.Tests.Cli;

/// <summary><c>leasehold object put|get</c> and <c>leasehold cluster status</c>.</summary>
[Collection(ServerCollection.Name)]
public sealed class ObjectAndClusterCommandsTests(LeaseholdServer server) : IDisposable
{
    private readonly LeaseholdClient _client = server.CreateClient();

    [Fact]
    public async Task Object_put_then_get_round_trips_the_value_with_its_fence()
    {
        var lease = await _client.AcquireAsync(Names.Fresh("cli-objects"), "alice", TimeSpan.FromSeconds(30));
        var key = Names.Fresh("cli.txt");

        var put = await RunAsync("object", "put", key, "--token", lease.Token, "--data", "hello from the cli", "-o", "json");
        Assert.Equal(ExitCodes.Ok, put.ExitCode);
        using (var receipt = JsonDocument.Parse(put.Output))
        {
            Assert.Equal(1, receipt.RootElement.GetProperty("version").GetInt64());
            Assert.Equal(lease.Fence, receipt.RootElement.GetProperty("fence").GetInt64());
        }

        var raw = await RunAsync("object", "get", key);
        Assert.Equal(ExitCodes.Ok, raw.ExitCode);
        Assert.Equal("hello from the cli", raw.Output);

        var json = await RunAsync("object", "get", key, "-o", "json");
        using var stored = JsonDocument.Parse(json.Output);
        Assert.Equal("hello from the cli", stored.RootElement.GetProperty("value").GetString());
        Assert.Equal(lease.Fence, stored.RootElement.GetProperty("fence").GetInt64());
    }

    [Fact]
    public async Task A_write_with_a_stale_token_exits_with_the_stale_fence_code()
    {
        var resource = Names.Fresh("cli-stale");
        var key = Names.Fresh("stale.txt");
        var old = await _client.AcquireAsync(resource, "old", TimeSpan.FromMilliseconds(200));
        await Leasehold.Testing.Eventually.True(async () => !(await _client.GetLeaseAsync(resource)).Held, TimeSpan.FromSeconds(10), "the 200 ms lease to expire");
        var newer = await _client.AcquireAsync(resource, "new", TimeSpan.FromSeconds(30));
        Assert.Equal(ExitCodes.Ok, (await RunAsync("object", "put", key, "--token", newer.Token, "--data", "new")).ExitCode);

        var stale = await RunAsync("object", "put", key, "--token", old.Token, "--data", "late");
        Assert.Equal(ExitCodes.StaleFence, stale.ExitCode);
        Assert.Contains($"fence {old.Fence}", stale.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_objects_refused_tokens_and_missing_tokens_have_their_own_codes()
    {
        Assert.Equal(ExitCodes.NotFound, (await RunAsync("object", "get", Names.Fresh("missing"))).ExitCode);
        Assert.Equal(ExitCodes.TokenRefused, (await RunAsync("object", "put", Names.Fresh("k"), "--token", "lh1.k1.forged.forged", "--data", "x")).ExitCode);

        // No --token: refused before anything is sent (unless the environment carries one, as under `lock`).
        if (Environment.GetEnvironmentVariable("LEASEHOLD_TOKEN") is null)
        {
            var missing = await RunAsync("object", "put", Names.Fresh("k"), "--data", "x");
            Assert.Equal(ExitCodes.BadInput, missing.ExitCode);
            Assert.Contains("--token", missing.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Cluster_status_prints_a_table_of_the_silos()
    {
        var table = await RunAsync("cluster", "status");

        Assert.Equal(ExitCodes.Ok, table.ExitCode);
        Assert.Contains("Membership version", table.Output, StringComparison.Ordinal);
        Assert.Matches(@"\|\s*Silo\s*\|\s*Generation\s*\|\s*Status\s*\|", table.Output);
        Assert.Matches(@"\|\s*127\.0\.0\.1:\d+ \(answered\)\s*\|\s*\d+\s*\|\s*Active\s*\|", table.Output);

        var json = await RunAsync("cluster", "status", "-o", "json");
        using var status = JsonDocument.Parse(json.Output);
        Assert.Equal("Active", status.RootElement.GetProperty("silos")[0].GetProperty("status").GetString());
    }

    public void Dispose() => _client.Dispose();

    private Task<CliResult> RunAsync(params string[] args) => CliRunner.RunAsync(server.Endpoint, args);
}
