using System.CommandLine;
using System.Globalization;
using Leasehold.Cli.Bench;
using Leasehold.Cli.Output;

namespace Leasehold.Cli.Commands;

/// <summary><c>leasehold bench</c>: a load generator for the HTTP API (docs/performance.md shows it at work).</summary>
internal static class BenchCommands
{
    public static Command Create(CliContext context)
    {
        var workload = new Option<BenchWorkload>("--workload", "-w")
        {
            Description = "acquire-release, renew, write (fenced writes), mix, hold (acquire --leases leases and keep them), read (GET a held lease: a grain call, no write), or ping (GET /health/live: the HTTP floor to compare against)",
            HelpName = string.Join('|', BenchWorkloads.All.Select(w => w.Name)),
            DefaultValueFactory = _ => BenchWorkload.Write,
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
                if (BenchWorkloads.TryParse(text, out var parsed))
                {
                    return parsed;
                }

                result.AddError($"'{text}' is not a workload: {string.Join(", ", BenchWorkloads.All.Select(w => w.Name))}.");
                return default;
            },
        };
        var connections = new Option<int>("--connections", "-c")
        {
            Description = "Concurrent clients, each with its own keep-alive HTTP/1.1 connection",
            DefaultValueFactory = _ => 64,
        };
        connections.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 4096)
            {
                result.AddError("--connections must be 1 to 4096.");
            }
        });
        var duration = Durations.Option("--duration", "How long results are recorded, e.g. 10s", TimeSpan.FromSeconds(10));
        var warmup = Durations.Option("--warmup", "How long the clients run before recording starts, e.g. 2s", TimeSpan.FromSeconds(2));
        var leases = new Option<int>("--leases")
        {
            Description = "hold: how many leases to acquire (on distinct resources)",
            DefaultValueFactory = _ => 100_000,
        };
        var ttl = Durations.Option("--ttl", "TTL of the leases the run takes, e.g. 1h (within the server's Leases:TtlMin/TtlMax)", TimeSpan.FromHours(1));
        var serverPid = new Option<int?>("--server-pid")
        {
            Description = "A server process on this machine: report its CPU time per unit and its resident memory (Linux /proc)",
        };

        var command = new Command("bench", "Drive the HTTP API with concurrent clients; report throughput, p50/p99/p99.9 latency and errors")
        {
            workload, connections, duration, warmup, leases, ttl, serverPid,
        };
        command.SetHandler(context, async (parse, session, ct) =>
        {
            var settings = new BenchSettings(
                parse.GetRequiredValue(context.Endpoint),
                parse.GetValue(workload),
                parse.GetValue(connections),
                parse.GetValue(duration),
                parse.GetValue(warmup),
                parse.GetValue(leases),
                parse.GetValue(ttl),
                parse.GetValue(serverPid),
                parse.GetValue(context.ApiKey));
            var report = await new LoadGenerator(settings).RunAsync(ProgressTo(session), ct).ConfigureAwait(false);
            Print(session.Output, report);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Progress goes to standard error, so standard output holds only the results: one line rewritten in place on a terminal.</summary>
    private static Action<string> ProgressTo(CliSession session)
    {
        var terminal = ReferenceEquals(session.Error, Console.Error) && !Console.IsErrorRedirected;
        return line =>
        {
            if (terminal)
            {
                session.Error.Write($"\r{line}   ");
            }
            else
            {
                session.Error.WriteLine(line);
            }
        };
    }

    private static void Print(Renderer output, BenchReport report)
    {
        if (output.Format == OutputFormat.Json)
        {
            output.Json(report, BenchJsonContext.Default.BenchReport);
            return;
        }

        var title = report.Workload == "hold"
            ? $"hold: {report.Units:N0} leases acquired by {report.Connections} connections in {report.DurationSeconds:0.0} s ({report.Throughput:N0}/s)"
            : $"{report.Workload}: {report.Throughput:N0} {report.Unit}/s over {report.DurationSeconds:0.#} s after {report.WarmupSeconds:0.#} s warm-up, {report.Connections} connections";
        output.Table(
            string.Create(CultureInfo.InvariantCulture, $"{title}"),
            ["Request", "Count", "Per second", "Mean ms", "p50 ms", "p99 ms", "p99.9 ms", "Max ms"],
            report.Operations.Select(o => new[]
            {
                o.Operation,
                Number(o.Count),
                Number(o.PerSecond),
                Millis(o.MeanMs),
                Millis(o.P50Ms),
                Millis(o.P99Ms),
                Millis(o.P999Ms),
                Millis(o.MaxMs),
            }));
        output.Writer.WriteLine(report.Errors.Count == 0
            ? "Errors: none"
            : "Errors: " + string.Join(", ", report.Errors.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Key}: {e.Value:N0}"))));
        if (report.ServerCpu is { } cpu)
        {
            output.Writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Server {cpu.Pid} CPU: {cpu.CpuSeconds:0.00} s ({cpu.Cores:0.00} cores), {cpu.MicrosecondsPerUnit:0} µs per {report.Unit.TrimEnd('s')}"));
        }

        if (report.ServerMemory is { } memory)
        {
            output.Writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Server {memory.Pid} resident memory: {Mib(memory.RssBeforeBytes)} before, {Mib(memory.RssAfterBytes)} after (peak {Mib(memory.PeakRssBytes)})"));
        }
    }

    private static string Number(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Millis(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Mib(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):N0} MiB");
}
