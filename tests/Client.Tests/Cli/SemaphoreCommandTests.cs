using Leasehold.Cli;
using Leasehold.Testing;

namespace Leasehold.Client.Tests.Cli;

/// <summary><c>leasehold semaphore NAME --permits N -- command</c> and <c>leasehold semaphore get NAME</c>, with real child processes (/bin/sh).</summary>
[Collection(ServerCollection.Name)]
public sealed class SemaphoreCommandTests(LeaseholdServer server) : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);
    private readonly LeaseholdClient _client = server.CreateClient();
    private readonly ScratchFolder _folder = new();

    [Fact]
    public async Task Semaphore_runs_the_command_under_a_permit_with_its_slot_fence_and_token_passes_its_exit_code_and_releases()
    {
        var semaphore = Names.Fresh("sem-ok");
        var script = $"""printf '%s\n' "$LEASEHOLD_FENCE" > '{_folder.File("fence")}'; printf '%s\n' "$LEASEHOLD_TOKEN" > '{_folder.File("token")}'; printf '%s\n' "$LEASEHOLD_SLOT" > '{_folder.File("slot")}'; printf '%s\n' "$LEASEHOLD_SEMAPHORE" > '{_folder.File("semaphore")}'; printf '%s\n' "$LEASEHOLD_RESOURCE" > '{_folder.File("resource")}'; exit 7""";

        var result = await RunAsync("semaphore", semaphore, "--permits", "2", "--ttl", "2s", "--", "/bin/sh", "-c", script);

        Assert.Equal(7, result.ExitCode);
        Assert.Equal("1", _folder.Read("fence"));
        Assert.StartsWith("lh1.", _folder.Read("token"), StringComparison.Ordinal);
        Assert.Equal(semaphore, _folder.Read("semaphore"));
        var slot = _folder.Read("slot");
        Assert.True(slot is "0" or "1", $"slot {slot}");
        Assert.Equal($"semaphore:{semaphore}:{slot}", _folder.Read("resource"));
        Assert.Empty((await _client.GetSemaphoreAsync(semaphore))!.Held);
    }

    [Fact]
    public async Task Semaphore_with_every_permit_held_exits_with_the_lease_held_code_without_running_the_command()
    {
        var semaphore = Names.Fresh("sem-busy");
        await using var held = await _client.AcquirePermitAsync(semaphore, "other", 1, TimeSpan.FromSeconds(30), TimeSpan.Zero);

        var full = await RunAsync("semaphore", semaphore, "--permits", "1", "--wait", "200ms", "--", "/bin/sh", "-c", $"touch '{_folder.File("ran")}'");
        var mismatch = await RunAsync("semaphore", semaphore, "--permits", "2", "--", "/bin/sh", "-c", $"touch '{_folder.File("ran")}'");

        Assert.Equal(ExitCodes.LeaseHeld, full.ExitCode);
        Assert.Equal(ExitCodes.BadInput, mismatch.ExitCode);
        Assert.Contains("has 1 permits", mismatch.Error, StringComparison.Ordinal);
        Assert.Null(_folder.Read("ran"));
    }

    [Fact]
    public async Task Semaphore_stops_the_command_and_exits_with_the_lease_lost_code_when_the_permit_is_lost()
    {
        var semaphore = Names.Fresh("sem-lost");
        var script = $"""printf '%s' "$LEASEHOLD_LEASE_ID" > '{_folder.File("lease-id")}'; printf '%s' "$LEASEHOLD_SLOT" > '{_folder.File("slot")}'; sleep 30""";
        var run = RunAsync("semaphore", semaphore, "--permits", "1", "--ttl", "1s", "--grace", "2s", "--", "/bin/sh", "-c", script);
        await Eventually.True(() => _folder.Read("lease-id") is { Length: > 0 } && _folder.Read("slot") is { Length: > 0 }, Bound, "the command to start under its permit");

        await _client.ReleasePermitAsync(semaphore, int.Parse(_folder.Read("slot")!, System.Globalization.CultureInfo.InvariantCulture), _folder.Read("lease-id")!);
        var result = await run.WaitAsync(Bound);

        Assert.Equal(ExitCodes.LeaseLost, result.ExitCode);
        Assert.Contains($"the permit of slot 0 of '{semaphore}'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Semaphore_get_prints_the_holders_and_exits_not_found_for_a_semaphore_never_acquired()
    {
        var semaphore = Names.Fresh("sem-get");
        var never = await RunAsync("semaphore", "get", semaphore);
        Assert.Equal(ExitCodes.NotFound, never.ExitCode);

        await using var permit = await _client.AcquirePermitAsync(semaphore, "node-1", 3, TimeSpan.FromSeconds(30), TimeSpan.Zero);
        var shown = await RunAsync("--output", "json", "semaphore", "get", semaphore);
        var table = await RunAsync("semaphore", "get", semaphore);

        Assert.Equal(ExitCodes.Ok, shown.ExitCode);
        using var json = System.Text.Json.JsonDocument.Parse(shown.Output);
        Assert.Equal(3, json.RootElement.GetProperty("permits").GetInt32());
        var held = json.RootElement.GetProperty("held")[0];
        Assert.Equal(("node-1", permit.Fence, permit.Slot), (held.GetProperty("holder").GetString(), held.GetProperty("fence").GetInt64(), held.GetProperty("slot").GetInt32()));
        Assert.Contains("1 of 3 permits", table.Output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _client.Dispose();
        _folder.Dispose();
    }

    private Task<CliResult> RunAsync(params string[] args) => CliRunner.RunAsync(server.Endpoint, args);
}
