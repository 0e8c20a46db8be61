using System.Text.Json;
using Leasehold.Cli;

namespace Leasehold.Client.Tests.Cli.Bench;

/// <summary><c>leasehold bench</c> against a real server: short runs of each workload, checked for what they did to the server.</summary>
[Collection(ServerCollection.Name)]
public sealed class BenchCommandTests(LeaseholdServer server)
{
    [Theory]
    [InlineData("write", "writes", "write")]
    [InlineData("acquire-release", "cycles", "cycle")]
    [InlineData("renew", "renewals", "renew")]
    [InlineData("mix", "operations", "write")]
    [InlineData("read", "reads", "read")]
    [InlineData("ping", "requests", "ping")]
    public async Task A_short_run_reports_throughput_percentiles_and_no_errors(string workload, string unit, string operation)
    {
        var result = await CliRunner.RunAsync(server.Endpoint,
            "bench", "--workload", workload, "--connections", "4", "--duration", "1s", "--warmup", "200ms", "--ttl", "30s", "-o", "json");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        using var report = JsonDocument.Parse(result.Output);
        var root = report.RootElement;
        Assert.Equal(workload, root.GetProperty("workload").GetString());
        Assert.Equal(unit, root.GetProperty("unit").GetString());
        Assert.Equal(4, root.GetProperty("connections").GetInt32());
        Assert.True(root.GetProperty("units").GetInt64() > 0, result.Output);
        Assert.True(root.GetProperty("throughput").GetDouble() > 0, result.Output);
        Assert.Empty(root.GetProperty("errors").EnumerateObject());

        var timed = root.GetProperty("operations").EnumerateArray().Single(o => o.GetProperty("operation").GetString() == operation);
        var p50 = timed.GetProperty("p50Ms").GetDouble();
        var p99 = timed.GetProperty("p99Ms").GetDouble();
        var p999 = timed.GetProperty("p999Ms").GetDouble();
        Assert.True(timed.GetProperty("count").GetInt64() > 0);
        Assert.True(p50 > 0 && p50 <= p99 && p99 <= p999 && p999 <= timed.GetProperty("maxMs").GetDouble(), result.Output);
    }

    [Fact]
    public async Task Progress_goes_to_standard_error_while_standard_output_holds_only_the_results()
    {
        var result = await CliRunner.RunAsync(server.Endpoint,
            "bench", "--workload", "renew", "--connections", "2", "--duration", "2500ms", "--warmup", "0s", "--ttl", "30s", "-o", "json");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains(" done ", result.Error, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(result.Output);
        Assert.Equal("renew", report.RootElement.GetProperty("workload").GetString());
    }

    [Fact]
    public async Task Fenced_writes_land_in_the_store_under_each_clients_own_lease()
    {
        var result = await CliRunner.RunAsync(server.Endpoint,
            "bench", "--workload", "write", "--connections", "2", "--duration", "500ms", "--warmup", "0s", "--ttl", "30s", "-o", "json");
        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        using var report = JsonDocument.Parse(result.Output);
        Assert.True(report.RootElement.GetProperty("units").GetInt64() > 0, result.Output);

        // Client i holds the lease on bench-<run>-i and writes bench-<run>-i.obj with that lease's fence.
        using var client = server.CreateClient();
        var runId = report.RootElement.GetProperty("runId").GetString();
        for (var i = 0; i < 2; i++)
        {
            var stored = await client.GetObjectAsync($"bench-{runId}-{i}.obj");
            var lease = await client.GetLeaseAsync($"bench-{runId}-{i}");
            Assert.NotNull(stored);
            Assert.Equal(64, stored.Value.Length);
            Assert.True(stored.Version > 1, "the client wrote its key more than once");
            Assert.True(lease.Held);
            Assert.Equal($"bench-{runId}-{i}", lease.Holder);
            Assert.Equal(lease.Fence, stored.Fence);
        }
    }

    [Fact]
    public async Task Hold_acquires_the_requested_number_of_leases_and_keeps_them()
    {
        var result = await CliRunner.RunAsync(server.Endpoint,
            "bench", "--workload", "hold", "--leases", "50", "--connections", "4", "--ttl", "30s",
            "--server-pid", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), "-o", "json");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        using var report = JsonDocument.Parse(result.Output);
        var root = report.RootElement;
        Assert.Equal(50, root.GetProperty("units").GetInt64());
        Assert.Empty(root.GetProperty("errors").EnumerateObject());
        Assert.True(root.GetProperty("serverMemory").GetProperty("rssAfterBytes").GetInt64() > 0, result.Output);
        Assert.True(root.GetProperty("serverCpu").GetProperty("cpuSeconds").GetDouble() >= 0, result.Output);
    }

    [Fact]
    public async Task The_table_names_the_workload_and_its_percentile_columns()
    {
        var result = await CliRunner.RunAsync(server.Endpoint,
            "bench", "--workload", "acquire-release", "--connections", "2", "--duration", "300ms", "--warmup", "0s", "--ttl", "30s");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("acquire-release:", result.Output, StringComparison.Ordinal);
        Assert.Contains("p99.9 ms", result.Output, StringComparison.Ordinal);
        Assert.Contains("Errors: none", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_workload_is_a_usage_error()
    {
        var result = await CliRunner.RunAsync(server.Endpoint, "bench", "--workload", "sideways");

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("'sideways' is not a workload", result.Error, StringComparison.Ordinal);
    }
}
