using System.Text.Json;
using Leasehold.Cli;

namespace Leasehold.Client.Tests.Cli;

/// <summary><c>leasehold lease ...</c> and the shared conventions: JSON output, exit codes, one-line errors.</summary>
[Collection(ServerCollection.Name)]
public sealed class LeaseCommandsTests(LeaseholdServer server)
{
    [Fact]
    public async Task Lease_acquire_prints_the_lease_as_json_and_lease_get_shows_it_held()
    {
        var resource = Names.Fresh("cli-acquire");
        var acquired = await RunAsync("lease", "acquire", resource, "--holder", "alice", "--ttl", "30s", "--output", "json");

        Assert.Equal(ExitCodes.Ok, acquired.ExitCode);
        Assert.Empty(acquired.Error);
        using var lease = JsonDocument.Parse(acquired.Output);
        Assert.Equal(resource, lease.RootElement.GetProperty("resource").GetString());
        Assert.Equal("alice", lease.RootElement.GetProperty("holder").GetString());
        Assert.Equal(1, lease.RootElement.GetProperty("fence").GetInt64());
        Assert.Equal(30_000, lease.RootElement.GetProperty("ttlMs").GetInt64());
        Assert.StartsWith("lh1.", lease.RootElement.GetProperty("token").GetString(), StringComparison.Ordinal);

        var state = await RunAsync("lease", "get", resource);
        Assert.Equal(ExitCodes.Ok, state.ExitCode);
        Assert.Matches(@"(?m)^held\s+yes$", state.Output);
        Assert.Matches(@"(?m)^holder\s+alice$", state.Output);
    }

    [Fact]
    public async Task Lease_acquire_of_a_held_lease_exits_with_the_lease_held_code_and_one_line()
    {
        var resource = Names.Fresh("cli-held");
        Assert.Equal(ExitCodes.Ok, (await RunAsync("lease", "acquire", resource, "--holder", "alice", "--ttl", "30s")).ExitCode);

        var held = await RunAsync("lease", "acquire", resource, "--holder", "bob", "--ttl", "30s");
        Assert.Equal(ExitCodes.LeaseHeld, held.ExitCode);
        Assert.Empty(held.Output);
        var line = Assert.Single(held.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("leasehold: ", line, StringComparison.Ordinal);
        Assert.Contains("alice", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Renew_and_release_take_the_lease_id_and_a_second_release_is_lease_lost()
    {
        var resource = Names.Fresh("cli-release");
        var acquired = await RunAsync("lease", "acquire", resource, "--ttl", "30s", "-o", "json");
        using var lease = JsonDocument.Parse(acquired.Output);
        var leaseId = lease.RootElement.GetProperty("leaseId").GetString()!;

        var renewed = await RunAsync("lease", "renew", resource, "--lease-id", leaseId, "--ttl", "1m", "-o", "json");
        Assert.Equal(ExitCodes.Ok, renewed.ExitCode);
        using (var body = JsonDocument.Parse(renewed.Output))
        {
            Assert.Equal(60_000, body.RootElement.GetProperty("ttlMs").GetInt64());
        }

        var released = await RunAsync("lease", "release", resource, "--lease-id", leaseId);
        Assert.Equal(ExitCodes.Ok, released.ExitCode);
        Assert.Matches(@"(?m)^released\s+yes$", released.Output);

        var again = await RunAsync("lease", "release", resource, "--lease-id", leaseId);
        Assert.Equal(ExitCodes.LeaseLost, again.ExitCode);
        Assert.Contains("lost", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lease_list_shows_held_leases_as_a_plain_table_and_as_json_with_the_total()
    {
        var first = Names.Fresh("cli-list-a");
        var second = Names.Fresh("cli-list-b");
        Assert.Equal(ExitCodes.Ok, (await RunAsync("lease", "acquire", first, "--holder", "alice", "--ttl", "5m")).ExitCode);
        Assert.Equal(ExitCodes.Ok, (await RunAsync("lease", "acquire", second, "--holder", "bob", "--ttl", "5m")).ExitCode);

        var table = await RunAsync("lease", "list", "--limit", "1000");
        Assert.Equal(ExitCodes.Ok, table.ExitCode);
        Assert.DoesNotContain('\u001b', table.Output);
        Assert.Matches($@"(?m)^\|\s*{first}\s*\|\s*alice\s*\|", table.Output);
        Assert.Matches($@"(?m)^\|\s*{second}\s*\|\s*bob\s*\|", table.Output);
        // The silo column names the one node of the test server, host:port@generation.
        Assert.Matches($@"(?m)^\|\s*{first}\s*\|.*\|\s*127\.0\.0\.1:\d+@\d+\s*\|\s*$", table.Output);
        Assert.Empty(table.Error);

        var json = await RunAsync("lease", "list", "--limit", "1", "-o", "json");
        Assert.Equal(ExitCodes.Ok, json.ExitCode);
        using var body = JsonDocument.Parse(json.Output);
        Assert.True(body.RootElement.GetProperty("total").GetInt32() >= 2);
        var listed = Assert.Single(body.RootElement.GetProperty("leases").EnumerateArray());
        Assert.Equal(body.RootElement.GetProperty("silo").GetString(), listed.GetProperty("silo").GetString());
        Assert.True(Assert.Single(body.RootElement.GetProperty("silos").EnumerateArray()).GetProperty("answered").GetBoolean());
        Assert.Empty(body.RootElement.GetProperty("unreachable").EnumerateArray());
    }

    [Theory]
    [InlineData("lease", "list", "--limit", "0")]
    [InlineData("lease", "list", "--limit", "1001")]
    [InlineData("lease", "acquire", "r", "--ttl", "30")]
    [InlineData("lease", "acquire", "r")]
    [InlineData("lease", "frobnicate", "r")]
    [InlineData("lease", "acquire", "not a name", "--ttl", "1s")]
    public async Task Bad_input_exits_with_the_bad_input_code_and_says_why_on_stderr(params string[] args)
    {
        var result = await RunAsync(args);

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.StartsWith("leasehold: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_endpoint_exits_with_the_unreachable_code()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var result = await CliRunner.RunAsync(new Uri($"http://127.0.0.1:{port}"), "lease", "get", "r");
        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.Contains("cannot reach", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_lists_every_command_group()
    {
        var help = await RunAsync("--help");

        Assert.Equal(ExitCodes.Ok, help.ExitCode);
        foreach (var group in new[] { "lease", "object", "cluster", "lock" })
        {
            Assert.Matches($@"(?m)^\s+{group}\b", help.Output);
        }
    }

    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("30s", 30_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("00:00:30", 30_000)]
    public void Durations_take_a_unit(string text, long milliseconds)
    {
        Assert.True(Durations.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData("30")]
    [InlineData("-1s")]
    [InlineData("soon")]
    public void Durations_without_a_unit_are_refused(string text) => Assert.False(Durations.TryParse(text, out _));

    private Task<CliResult> RunAsync(params string[] args) => CliRunner.RunAsync(server.Endpoint, args);
}
