using System.Text;
using System.Text.Json;
using Leasehold.Cli;

namespace Leasehold.Client.Tests.Cli;

/// <summary><c>leasehold object delete|list</c> and the version conditions of <c>put</c> and <c>delete</c>.</summary>
[Collection(ServerCollection.Name)]
public sealed class ObjectDeleteAndListCommandsTests(LeaseholdServer server) : IDisposable
{
    private readonly LeaseholdClient _client = server.CreateClient();

    [Fact]
    public async Task Object_delete_prints_the_tombstone_and_get_then_exits_not_found()
    {
        var lease = await _client.AcquireAsync(Names.Fresh("cli-delete"), "alice", TimeSpan.FromSeconds(30));
        var key = Names.Fresh("cli.txt");
        await _client.PutObjectAsync(key, Encoding.UTF8.GetBytes("v1"), lease.Token);

        var deleted = await RunAsync("object", "delete", key, "--token", lease.Token, "-o", "json");
        var get = await RunAsync("object", "get", key);

        Assert.Equal(ExitCodes.Ok, deleted.ExitCode);
        using (var receipt = JsonDocument.Parse(deleted.Output))
        {
            Assert.Equal((2L, lease.Fence), (receipt.RootElement.GetProperty("version").GetInt64(), receipt.RootElement.GetProperty("fence").GetInt64()));
        }

        Assert.Equal(ExitCodes.NotFound, get.ExitCode);
    }

    [Fact]
    public async Task A_stale_delete_exits_stale_fence_and_a_delete_without_a_token_is_bad_input()
    {
        var resource = Names.Fresh("cli-stale-delete");
        var key = Names.Fresh("stale.txt");
        var old = await _client.AcquireAsync(resource, "old", TimeSpan.FromSeconds(30));
        await _client.ReleaseAsync(resource, old.LeaseId);
        var newer = await _client.AcquireAsync(resource, "new", TimeSpan.FromSeconds(30));
        await _client.PutObjectAsync(key, Encoding.UTF8.GetBytes("new"), newer.Token);

        var stale = await RunAsync("object", "delete", key, "--token", old.Token);

        Assert.Equal(ExitCodes.StaleFence, stale.ExitCode);
        Assert.Contains($"fence {old.Fence}", stale.Error, StringComparison.Ordinal);
        if (Environment.GetEnvironmentVariable("LEASEHOLD_TOKEN") is null)
        {
            Assert.Equal(ExitCodes.BadInput, (await RunAsync("object", "delete", key)).ExitCode);
        }
    }

    [Fact]
    public async Task If_version_and_if_absent_refuse_with_the_version_mismatch_code()
    {
        var lease = await _client.AcquireAsync(Names.Fresh("cli-cas"), "alice", TimeSpan.FromSeconds(30));
        var key = Names.Fresh("cas.txt");

        Assert.Equal(ExitCodes.Ok, (await RunAsync("object", "put", key, "--token", lease.Token, "--data", "1", "--if-absent")).ExitCode);
        Assert.Equal(ExitCodes.VersionMismatch, (await RunAsync("object", "put", key, "--token", lease.Token, "--data", "1", "--if-absent")).ExitCode);
        Assert.Equal(ExitCodes.Ok, (await RunAsync("object", "put", key, "--token", lease.Token, "--data", "2", "--if-version", "1")).ExitCode);
        var mismatch = await RunAsync("object", "delete", key, "--token", lease.Token, "--if-version", "1");
        Assert.Equal(ExitCodes.VersionMismatch, mismatch.ExitCode);
        Assert.Contains("version 2", mismatch.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.BadInput, (await RunAsync("object", "put", key, "--token", lease.Token, "--data", "3", "--if-version", "2", "--if-absent")).ExitCode);
    }

    [Fact]
    public async Task Object_list_shows_the_live_keys_of_a_prefix_as_a_table_and_as_json()
    {
        var lease = await _client.AcquireAsync(Names.Fresh("cli-list"), "alice", TimeSpan.FromSeconds(30));
        var prefix = Names.Fresh("cli-listing") + ".";
        foreach (var suffix in new[] { "b", "a", "c" })
        {
            await _client.PutObjectAsync(prefix + suffix, Encoding.UTF8.GetBytes(suffix), lease.Token, "text/plain");
        }

        await _client.DeleteObjectAsync(prefix + "c", lease.Token);

        var table = await RunAsync("object", "list", "--prefix", prefix);
        var json = await RunAsync("object", "list", "--prefix", prefix, "--limit", "1", "-o", "json");

        Assert.Equal(ExitCodes.Ok, table.ExitCode);
        Assert.Contains("2 objects", table.Output, StringComparison.Ordinal);
        Assert.True(table.Output.IndexOf(prefix + "a", StringComparison.Ordinal) < table.Output.IndexOf(prefix + "b", StringComparison.Ordinal), table.Output);
        Assert.DoesNotContain(prefix + "c", table.Output, StringComparison.Ordinal);
        using var listed = JsonDocument.Parse(json.Output);
        var item = Assert.Single(listed.RootElement.EnumerateArray());
        Assert.Equal((prefix + "a", 1L, lease.Fence), (item.GetProperty("key").GetString(), item.GetProperty("version").GetInt64(), item.GetProperty("fence").GetInt64()));
    }

    public void Dispose() => _client.Dispose();

    private Task<CliResult> RunAsync(params string[] args) => CliRunner.RunAsync(server.Endpoint, args);
}
