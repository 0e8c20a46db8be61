using System.Text.Json;
using Leasehold.Cli;
using Leasehold.Testing;

namespace Leasehold.Client.Tests.Cli;

/// <summary><c>leasehold watch lease|object</c>: one line per event until interrupted, with the shared exit codes.</summary>
[Collection(ServerCollection.Name)]
public sealed class WatchCommandsTests(LeaseholdServer server)
{
    /// <summary>Runs a watch in the background with output the test can read while it runs, until the test interrupts it.</summary>
    private sealed class RunningWatch : IAsyncDisposable
    {
        private readonly StringWriter _output = new();
        private readonly TextWriter _synchronized;
        private readonly StringWriter _error = new();
        private readonly CancellationTokenSource _interrupt = new(TimeSpan.FromSeconds(60));

        public RunningWatch(Uri endpoint, params string[] args)
        {
            _synchronized = TextWriter.Synchronized(_output);
            Exit = LeaseholdCli.RunAsync(["--endpoint", endpoint.ToString(), .. args], _synchronized, _error, _interrupt.Token);
        }

        public Task<int> Exit { get; }

        public string[] Lines
        {
            get
            {
                // TextWriter.Synchronized locks on itself: reading under the same lock never sees half a line.
                lock (_synchronized)
                {
                    return _output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
                }
            }
        }

        public string Error => _error.ToString();

        public Task WaitForLinesAsync(int count) =>
            Eventually.True(() => Lines.Length >= count || Exit.IsCompleted, TimeSpan.FromSeconds(20), () => $"{count} lines (have: {string.Join(" | ", Lines)}; error: {Error})");

        public async Task<int> InterruptAsync()
        {
            await _interrupt.CancelAsync();
            return await Exit.WaitAsync(TimeSpan.FromSeconds(20));
        }

        public async ValueTask DisposeAsync()
        {
            await _interrupt.CancelAsync();
            await Exit.WaitAsync(TimeSpan.FromSeconds(20));
            _interrupt.Dispose();
        }
    }

    [Fact]
    public async Task Watch_lease_prints_one_json_line_per_event_and_exits_130_when_interrupted()
    {
        var resource = Names.Fresh("cli-watch");
        await using var watch = new RunningWatch(server.Endpoint, "watch", "lease", resource, "-o", "json");
        await watch.WaitForLinesAsync(1);
        using var client = server.CreateClient();
        var lease = await client.AcquireAsync(resource, "alice", TimeSpan.FromSeconds(30));
        await client.ReleaseAsync(resource, lease.LeaseId);
        await watch.WaitForLinesAsync(3);

        Assert.Equal(ExitCodes.Interrupted, await watch.InterruptAsync());
        var lines = watch.Lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["reset", "granted", "released"], lines.Select(l => l.GetProperty("kind").GetString()!));
        Assert.Equal([0L, 1, 2], lines.Select(l => l.GetProperty("id").GetInt64()));
        Assert.Equal("alice", lines[1].GetProperty("holder").GetString());
        Assert.Equal("leasehold: interrupted", watch.Error.Trim());
    }

    [Fact]
    public async Task Watch_object_prints_a_plain_line_per_write_without_colour_when_not_a_terminal()
    {
        var key = Names.Fresh("cli-watch-object");
        await using var watch = new RunningWatch(server.Endpoint, "watch", "object", key);
        await watch.WaitForLinesAsync(1);
        using var client = server.CreateClient();
        var lease = await client.AcquireAsync(key, "alice", TimeSpan.FromSeconds(30));
        await client.PutObjectAsync(key, "hello"u8.ToArray(), lease.Token);
        await watch.WaitForLinesAsync(2);

        await watch.InterruptAsync();
        var lines = watch.Lines;
        Assert.Contains("#0  reset", lines[0], StringComparison.Ordinal);
        Assert.Contains("never written", lines[0], StringComparison.Ordinal);
        Assert.Contains("#1  written", lines[1], StringComparison.Ordinal);
        Assert.Contains("version 1, fence 1, 5 bytes", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', string.Concat(lines));
    }

    [Fact]
    public async Task Watch_of_a_bad_name_exits_with_the_bad_input_code_and_one_line()
    {
        var result = await CliRunner.RunAsync(server.Endpoint, "watch", "lease", "bad name!");

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.StartsWith("leasehold: ", Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }
}
