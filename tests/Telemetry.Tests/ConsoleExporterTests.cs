using System.Net;
using System.Text.RegularExpressions;
using Leasehold.Testing;
using Leasehold.NodeCluster;

namespace Leasehold.Telemetry.Tests;

/// <summary>
/// <c>Telemetry:Console:Enabled</c> turns on the OpenTelemetry SDK's console exporter, which writes to
/// <see cref="Console.Out"/>; the test swaps that for a writer it reads (tests run one at a time, see AssemblyInfo.cs).
/// </summary>
public sealed partial class ConsoleExporterTests
{
    [Fact]
    public async Task Telemetry_Console_Enabled_prints_a_fenced_writes_spans_under_its_trace_id()
    {
        var output = new StringWriter();
        var original = Console.Out;
        Console.SetOut(TextWriter.Synchronized(output));
        try
        {
            await using var cluster = await new TestClusterBuilder(1)
                .WithSetting("Telemetry:Console:Enabled", "true")
                .WithSetting("Telemetry:Console:Metrics", "false")
                .BuildAndStartAsync();
            var http = cluster.Silos[0].Http;

            var (lease, _) = await Http.AcquireAsync(http, "console-story", "client-1");
            var (status, traceId) = await Http.PutAsync(http, "console-story.txt", lease.Token, "hello");

            Assert.Equal(HttpStatusCode.OK, status);
            Assert.NotNull(traceId);
            string[] expected =
            [
                "Server PUT /v1/objects/{key}",
                "Client IObjectShardGrain/PutAsync",
                "Server IObjectShardGrain/PutAsync",
                "Internal leasehold.object.write",
            ];
            await Eventually.True(
                () => expected.All(span => Spans(output, traceId).Any(s => s.StartsWith(span, StringComparison.Ordinal))),
                TimeSpan.FromSeconds(10), () => $"the write's four spans under trace {traceId}; printed:{Environment.NewLine}{output}");
            var write = Block(output, traceId, "leasehold.object.write");
            Assert.Contains($"    leasehold.fence: {lease.Fence}", write, StringComparison.Ordinal);
            Assert.Contains("    leasehold.write.outcome: accepted", write, StringComparison.Ordinal);
        }
        finally
        {
            Console.SetOut(original);
        }
    }

    /// <summary>"Kind DisplayName" of every span block the console exporter printed under <paramref name="traceId"/>.</summary>
    private static IEnumerable<string> Spans(StringWriter output, string traceId) =>
        Blocks(output, traceId).Select(b => $"{Field(b, "Kind")} {Field(b, "DisplayName")}");

    private static string Block(StringWriter output, string traceId, string displayName) =>
        Assert.Single(Blocks(output, traceId), b => Field(b, "DisplayName") == displayName);

    // A span block starts "Activity.TraceId:" and runs to the next blank line.
    private static IEnumerable<string> Blocks(StringWriter output, string traceId) =>
        output.ToString().Split("Activity.TraceId:").Skip(1)
            .Where(b => b.TrimStart().StartsWith(traceId, StringComparison.Ordinal))
            .Select(b => b.Split(Environment.NewLine + Environment.NewLine)[0]);

    private static string Field(string block, string name) =>
        FieldLine().Matches(block).FirstOrDefault(m => m.Groups[1].Value == name)?.Groups[2].Value.Trim() ?? "";

    [GeneratedRegex(@"^Activity\.(\w+):\s*(.*)$", RegexOptions.Multiline)]
    private static partial Regex FieldLine();
}
