using Leasehold.Cli;
using Leasehold.Testing;

namespace Leasehold.Client.Tests.Cli;

/// <summary><c>leasehold lock &lt;resource&gt; -- &lt;command&gt;</c> with real child processes (/bin/sh).</summary>
[Collection(ServerCollection.Name)]
public sealed class LockCommandTests(LeaseholdServer server) : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);
    private readonly LeaseholdClient _client = server.CreateClient();
    private readonly ScratchFolder _folder = new();

    [Fact]
    public async Task Lock_runs_the_command_with_its_token_and_fence_passes_its_exit_code_and_releases()
    {
        var resource = Names.Fresh("lock-ok");
        var result = await RunAsync(
            "lock", resource, "--ttl", "2s", "--",
            "/bin/sh", "-c", $"""printf '%s\n' "$LEASEHOLD_TOKEN" > '{_folder.File("token")}'; printf '%s\n' "$LEASEHOLD_FENCE" > '{_folder.File("fence")}'; printf '%s\n' "$LEASEHOLD_RESOURCE" > '{_folder.File("resource")}'; exit 42""");

        Assert.Equal(42, result.ExitCode);
        Assert.StartsWith("lh1.", _folder.Read("token"), StringComparison.Ordinal);
        Assert.Equal("1", _folder.Read("fence"));
        Assert.Equal(resource, _folder.Read("resource"));
        Assert.False((await _client.GetLeaseAsync(resource)).Held);
    }

    [Fact]
    public async Task The_command_can_write_with_the_token_it_was_given()
    {
        var resource = Names.Fresh("lock-write");
        var key = Names.Fresh("locked.txt");
        var result = await RunAsync("lock", resource, "--", "/bin/sh", "-c", $"""printf '%s' "$LEASEHOLD_TOKEN" > '{_folder.File("token")}'""");
        Assert.Equal(ExitCodes.Ok, result.ExitCode);

        var receipt = await _client.PutObjectAsync(key, "x"u8.ToArray(), _folder.Read("token")!);
        Assert.Equal(1, receipt.Fence);
    }

    [Fact]
    public async Task Lock_stops_the_command_and_exits_with_the_lease_lost_code_when_the_lease_is_lost()
    {
        var resource = Names.Fresh("lock-lost");
        var script = $"""sleep 60 & echo $! > '{_folder.File("sleep.pid")}'; echo "$LEASEHOLD_LEASE_ID" > '{_folder.File("id.tmp")}'; mv '{_folder.File("id.tmp")}' '{_folder.File("lease-id")}'; wait""";
        var run = RunAsync("lock", resource, "--ttl", "1s", "--grace", "2s", "--", "/bin/sh", "-c", script);
        int? sleepPid = null;
        try
        {
            await Eventually.True(() => _folder.Read("lease-id") is { Length: > 0 }, Bound, "the command to start and write its lease id");
            sleepPid = ChildProcesses.ReadPid(_folder, "sleep.pid");
            Assert.NotNull(sleepPid);
            Assert.True(ChildProcesses.IsRunning(sleepPid.Value));

            // The lease is taken away behind the lock's back: the next renewal is refused.
            await _client.ReleaseAsync(resource, _folder.Read("lease-id")!);
            var result = await run.WaitAsync(Bound);

            Assert.Equal(ExitCodes.LeaseLost, result.ExitCode);
            Assert.Contains($"the lease on '{resource}'", result.Error, StringComparison.Ordinal);
            Assert.Contains("is lost", result.Error, StringComparison.Ordinal);

            // The shell and what it started are stopped, not only the shell.
            await Eventually.True(() => !ChildProcesses.IsRunning(sleepPid.Value), Bound, "the command's own child to be stopped");
        }
        finally
        {
            ChildProcesses.KillIfRunning(sleepPid);
        }
    }

    [Fact]
    public async Task A_command_that_ignores_SIGTERM_is_killed_after_the_grace_period()
    {
        var resource = Names.Fresh("lock-stubborn");
        var script = $"""trap '' TERM; echo $$ > '{_folder.File("sh.pid")}'; echo "$LEASEHOLD_LEASE_ID" > '{_folder.File("id.tmp")}'; mv '{_folder.File("id.tmp")}' '{_folder.File("lease-id")}'; while :; do sleep 0.05; done""";
        var run = RunAsync("lock", resource, "--ttl", "1s", "--grace", "300ms", "--", "/bin/sh", "-c", script);
        int? shellPid = null;
        try
        {
            await Eventually.True(() => _folder.Read("lease-id") is { Length: > 0 }, Bound, "the command to start and write its lease id");
            shellPid = ChildProcesses.ReadPid(_folder, "sh.pid");
            Assert.NotNull(shellPid);

            await _client.ReleaseAsync(resource, _folder.Read("lease-id")!);
            var result = await run.WaitAsync(Bound);

            Assert.Equal(ExitCodes.LeaseLost, result.ExitCode);
            Assert.False(ChildProcesses.IsRunning(shellPid.Value));
        }
        finally
        {
            ChildProcesses.KillIfRunning(shellPid);
        }
    }

    [Fact]
    public async Task Lock_of_a_held_resource_exits_with_the_lease_held_code_without_running_the_command()
    {
        var resource = Names.Fresh("lock-held");
        await _client.AcquireAsync(resource, "someone-else", TimeSpan.FromSeconds(30));

        var result = await RunAsync("lock", resource, "--", "/bin/sh", "-c", $"touch '{_folder.File("ran")}'");

        Assert.Equal(ExitCodes.LeaseHeld, result.ExitCode);
        Assert.False(File.Exists(_folder.File("ran")));
        Assert.Contains("someone-else", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lock_waits_for_a_held_resource_when_asked()
    {
        var resource = Names.Fresh("lock-wait");
        var other = await _client.AcquireAsync(resource, "someone-else", TimeSpan.FromMilliseconds(500));

        var result = await RunAsync("lock", resource, "--wait", "10s", "--", "/bin/sh", "-c", $"""printf '%s' "$LEASEHOLD_FENCE" > '{_folder.File("fence")}'""");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal((other.Fence + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), _folder.Read("fence"));
    }

    [Fact]
    public async Task A_command_that_cannot_start_exits_127_and_the_lease_is_released()
    {
        var resource = Names.Fresh("lock-missing");
        var result = await RunAsync("lock", resource, "--", "/nonexistent/leasehold-test-program");

        Assert.Equal(ExitCodes.CommandNotStarted, result.ExitCode);
        Assert.Contains("cannot run", result.Error, StringComparison.Ordinal);
        Assert.False((await _client.GetLeaseAsync(resource)).Held);
    }

    public void Dispose()
    {
        _client.Dispose();
        _folder.Dispose();
    }

    private Task<CliResult> RunAsync(params string[] args) => CliRunner.RunAsync(server.Endpoint, args);
}
