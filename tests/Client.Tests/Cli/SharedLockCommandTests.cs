using System.Text.Json;
using Leasehold.Cli;

namespace Leasehold.Client.Tests.Cli;

/// <summary><c>leasehold lock NAME --shared -- command</c> and <c>leasehold lease acquire --shared</c>: read locks from the command line.</summary>
[Collection(ServerCollection.Name)]
public sealed class SharedLockCommandTests(LeaseholdServer server) : IDisposable
{
    private readonly LeaseholdClient _client = server.CreateClient();
    private readonly ScratchFolder _folder = new();

    [Fact]
    public async Task Lock_shared_runs_beside_another_reader_with_the_epochs_fence_and_the_mode_in_its_environment()
    {
        var resource = Names.Fresh("lock-shared");
        var other = await _client.AcquireSharedAsync(resource, "other-reader", TimeSpan.FromSeconds(30));

        var result = await CliRunner.RunAsync(server.Endpoint, [
            "lock", resource, "--shared", "--",
            "/bin/sh", "-c", $"""printf '%s\n' "$LEASEHOLD_LEASE_MODE" > '{_folder.File("mode")}'; printf '%s\n' "$LEASEHOLD_FENCE" > '{_folder.File("fence")}'"""]);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal("shared", _folder.Read("mode"));
        Assert.Equal(other.Fence.ToString(System.Globalization.CultureInfo.InvariantCulture), _folder.Read("fence"));
        // Released on exit; the other reader still holds.
        Assert.Equal(["other-reader"], (await _client.GetLeaseAsync(resource)).SharedHolders!.Select(h => h.Holder));
    }

    [Fact]
    public async Task Lock_without_shared_tells_its_command_the_mode_is_exclusive()
    {
        var resource = Names.Fresh("lock-exclusive");

        var result = await CliRunner.RunAsync(server.Endpoint, ["lock", resource, "--", "/bin/sh", "-c", $"""printf '%s\n' "$LEASEHOLD_LEASE_MODE" > '{_folder.File("mode")}'"""]);

        Assert.Equal((ExitCodes.Ok, "exclusive"), (result.ExitCode, _folder.Read("mode")));
    }

    [Fact]
    public async Task Lease_acquire_shared_prints_the_mode_and_lease_get_lists_the_shared_holders()
    {
        var resource = Names.Fresh("cli-shared");
        var acquired = await CliRunner.RunAsync(server.Endpoint, ["lease", "acquire", resource, "--holder", "alice", "--ttl", "30s", "--shared", "--output", "json"]);
        Assert.Equal(ExitCodes.Ok, acquired.ExitCode);
        using var lease = JsonDocument.Parse(acquired.Output);
        Assert.Equal("shared", lease.RootElement.GetProperty("mode").GetString());
        Assert.Equal(ExitCodes.Ok, (await CliRunner.RunAsync(server.Endpoint, ["lease", "acquire", resource, "--holder", "bob", "--ttl", "30s", "--shared"])).ExitCode);

        var state = await CliRunner.RunAsync(server.Endpoint, ["lease", "get", resource]);

        Assert.Equal(ExitCodes.Ok, state.ExitCode);
        Assert.Matches(@"(?m)^mode\s+shared$", state.Output);
        Assert.Matches(@"(?m)^sharedHolders\s+alice, bob$", state.Output);
        var writer = await CliRunner.RunAsync(server.Endpoint, ["lease", "acquire", resource, "--holder", "carol", "--ttl", "30s"]);
        Assert.Equal(ExitCodes.LeaseHeld, writer.ExitCode);
    }

    public void Dispose()
    {
        _client.Dispose();
        _folder.Dispose();
    }
}
