using System.Text.Json;
using Leasehold.Cli;

namespace Leasehold.Client.Tests.Cli;

/// <summary><c>leasehold session ...</c> and <c>lease acquire --session</c>.</summary>
[Collection(ServerCollection.Name)]
public sealed class SessionCommandsTests(LeaseholdServer server)
{
    [Fact]
    public async Task A_session_opened_on_the_command_line_holds_leases_and_closing_it_releases_them()
    {
        var opened = await RunAsync("session", "open", "--holder", "batch", "--ttl", "30s", "-o", "json");
        Assert.Equal(ExitCodes.Ok, opened.ExitCode);
        using var session = JsonDocument.Parse(opened.Output);
        var id = session.RootElement.GetProperty("sessionId").GetString()!;
        Assert.Equal("batch", session.RootElement.GetProperty("holder").GetString());

        var resource = Names.Fresh("cli-session");
        var acquired = await RunAsync("lease", "acquire", resource, "--session", id, "-o", "json");
        Assert.Equal(ExitCodes.Ok, acquired.ExitCode);
        using var lease = JsonDocument.Parse(acquired.Output);
        Assert.Equal("batch", lease.RootElement.GetProperty("holder").GetString());

        var alive = await RunAsync("session", "keepalive", id);
        Assert.Equal(ExitCodes.Ok, alive.ExitCode);
        Assert.Matches($@"(?m)^leases\s+{resource} \(fence 1\)$", alive.Output);

        var closed = await RunAsync("session", "close", id);
        Assert.Equal(ExitCodes.Ok, closed.ExitCode);
        Assert.Matches(@"(?m)^releasedLeases\s+1$", closed.Output);
        var state = await RunAsync("lease", "get", resource);
        Assert.Matches(@"(?m)^held\s+no$", state.Output);

        var ended = await RunAsync("session", "keepalive", id);
        Assert.Equal(ExitCodes.LeaseLost, ended.ExitCode);
        Assert.Contains("closed", ended.Error, StringComparison.Ordinal);
        var shown = await RunAsync("session", "get", id);
        Assert.Matches(@"(?m)^endReason\s+closed$", shown.Output);
    }

    [Fact]
    public async Task Acquire_needs_a_ttl_or_a_session_but_not_both_and_an_unknown_session_is_not_found()
    {
        var neither = await RunAsync("lease", "acquire", Names.Fresh("cli-neither"));
        Assert.Equal(ExitCodes.BadInput, neither.ExitCode);
        Assert.Contains("--ttl", neither.Error, StringComparison.Ordinal);

        var both = await RunAsync("lease", "acquire", Names.Fresh("cli-both"), "--ttl", "10s", "--session", Guid.NewGuid().ToString("N"));
        Assert.Equal(ExitCodes.BadInput, both.ExitCode);

        var unknown = await RunAsync("session", "get", Guid.NewGuid().ToString("N"));
        Assert.Equal(ExitCodes.NotFound, unknown.ExitCode);
    }

    private Task<CliResult> RunAsync(params string[] args) => CliRunner.RunAsync(server.Endpoint, args);
}
