using Leasehold.Cli;
using Leasehold.Testing;

namespace Leasehold.Client.Tests.Cli;

/// <summary><c>leasehold elect NAME -- command</c> and <c>leasehold election leader NAME</c>, with real child processes (/bin/sh).</summary>
[Collection(ServerCollection.Name)]
public sealed class ElectCommandTests(LeaseholdServer server) : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);
    private readonly LeaseholdClient _client = server.CreateClient();
    private readonly ScratchFolder _folder = new();

    [Fact]
    public async Task Elect_runs_the_command_as_leader_with_its_fence_and_token_passes_its_exit_code_and_resigns()
    {
        var election = Names.Fresh("elect-ok");
        var script = $"""printf '%s\n' "$LEASEHOLD_FENCE" > '{_folder.File("fence")}'; printf '%s\n' "$LEASEHOLD_TOKEN" > '{_folder.File("token")}'; printf '%s\n' "$LEASEHOLD_ELECTION" > '{_folder.File("election")}'; printf '%s\n' "$LEASEHOLD_VALUE" > '{_folder.File("value")}'; printf '%s\n' "$LEASEHOLD_RESOURCE" > '{_folder.File("resource")}'; exit 7""";

        var result = await RunAsync("elect", election, "--value", "10.0.0.5:8080", "--ttl", "2s", "--", "/bin/sh", "-c", script);

        Assert.Equal(7, result.ExitCode);
        Assert.Equal("1", _folder.Read("fence"));
        Assert.StartsWith("lh1.", _folder.Read("token"), StringComparison.Ordinal);
        Assert.Equal(election, _folder.Read("election"));
        Assert.Equal("10.0.0.5:8080", _folder.Read("value"));
        Assert.Equal($"election:{election}", _folder.Read("resource"));
        Assert.Null(await _client.GetLeaderAsync(election));
    }

    [Fact]
    public async Task The_leaders_command_writes_its_election_key_with_the_token_it_was_given()
    {
        var election = Names.Fresh("elect-write");
        var result = await RunAsync("elect", election, "--", "/bin/sh", "-c", $"""printf '%s' "$LEASEHOLD_TOKEN" > '{_folder.File("token")}'""");
        Assert.Equal(ExitCodes.Ok, result.ExitCode);

        var receipt = await _client.PutObjectAsync($"election:{election}.json", "{}"u8.ToArray(), _folder.Read("token")!);
        Assert.Equal(1, receipt.Fence);
    }

    [Fact]
    public async Task Elect_stops_the_command_and_exits_with_the_lease_lost_code_when_leadership_is_lost()
    {
        var election = Names.Fresh("elect-lost");
        var script = $"""sleep 60 & echo $! > '{_folder.File("sleep.pid")}'; echo "$LEASEHOLD_LEASE_ID" > '{_folder.File("id.tmp")}'; mv '{_folder.File("id.tmp")}' '{_folder.File("lease-id")}'; wait""";
        var run = RunAsync("elect", election, "--ttl", "1s", "--grace", "2s", "--", "/bin/sh", "-c", script);
        int? sleepPid = null;
        try
        {
            await Eventually.True(() => _folder.Read("lease-id") is { Length: > 0 }, Bound, "the leader's command to start and write its lease id");
            sleepPid = ChildProcesses.ReadPid(_folder, "sleep.pid");
            Assert.NotNull(sleepPid);
            Assert.True(ChildProcesses.IsRunning(sleepPid.Value));

            // The term is ended behind the leader's back: its next renewal is refused.
            await _client.ResignAsync(election, _folder.Read("lease-id")!);
            var result = await run.WaitAsync(Bound);

            Assert.Equal(ExitCodes.LeaseLost, result.ExitCode);
            Assert.Contains($"the leadership of '{election}'", result.Error, StringComparison.Ordinal);
            await Eventually.True(() => !ChildProcesses.IsRunning(sleepPid.Value), Bound, "the command's own child to be stopped");
        }
        finally
        {
            ChildProcesses.KillIfRunning(sleepPid);
        }
    }

    [Fact]
    public async Task A_second_elect_runs_its_command_only_once_the_first_leader_resigns()
    {
        var election = Names.Fresh("elect-next");
        await using var first = await _client.ElectAsync(election, "one", new FencedLockOptions { Holder = "first", Ttl = TimeSpan.FromSeconds(30) });
        var run = RunAsync("elect", election, "--candidate", "second", "--", "/bin/sh", "-c", $"""printf '%s' "$LEASEHOLD_FENCE" > '{_folder.File("fence")}'""");
        await Eventually.True(async () => (await _client.GetLeaseAsync(first.Resource)).Waiters == 1, Bound, "the second elect to wait in line");
        Assert.Null(_folder.Read("fence"));

        await first.ResignAsync();
        var result = await run.WaitAsync(Bound);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal((first.Fence + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), _folder.Read("fence"));
    }

    [Fact]
    public async Task Elect_with_a_wait_that_runs_out_exits_with_the_lease_held_code_without_running_the_command()
    {
        var election = Names.Fresh("elect-busy");
        await using var leader = await _client.ElectAsync(election, null, new FencedLockOptions { Ttl = TimeSpan.FromSeconds(30) });

        var result = await RunAsync("elect", election, "--wait", "200ms", "--", "/bin/sh", "-c", $"touch '{_folder.File("ran")}'");

        Assert.Equal(ExitCodes.LeaseHeld, result.ExitCode);
        Assert.Null(_folder.Read("ran"));
    }

    [Fact]
    public async Task Election_leader_prints_the_leader_and_exits_not_found_when_nobody_leads()
    {
        var election = Names.Fresh("leader");
        var nobody = await RunAsync("election", "leader", election);
        Assert.Equal(ExitCodes.NotFound, nobody.ExitCode);
        Assert.Contains("nobody leads", nobody.Error, StringComparison.Ordinal);

        await using var leader = await _client.ElectAsync(election, "10.0.0.5:8080", new FencedLockOptions { Holder = "node-1", Ttl = TimeSpan.FromSeconds(30) });
        var shown = await RunAsync("--output", "json", "election", "leader", election);

        Assert.Equal(ExitCodes.Ok, shown.ExitCode);
        using var json = System.Text.Json.JsonDocument.Parse(shown.Output);
        Assert.Equal("node-1", json.RootElement.GetProperty("leader").GetString());
        Assert.Equal("10.0.0.5:8080", json.RootElement.GetProperty("value").GetString());
        Assert.Equal(leader.Fence, json.RootElement.GetProperty("fence").GetInt64());
    }

    public void Dispose()
    {
        _client.Dispose();
        _folder.Dispose();
    }

    private Task<CliResult> RunAsync(params string[] args) => CliRunner.RunAsync(server.Endpoint, args);
}
