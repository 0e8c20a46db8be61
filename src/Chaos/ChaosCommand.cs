using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Leasehold.Chaos.Nemesis;
using Leasehold.Chaos.Processes;
using Spectre.Console;

namespace Leasehold.Chaos;

/// <summary>
/// <c>chaos</c>: start a real multi-process cluster on loopback, run the recorded workload and the nemesis against
/// it, check the history, print the verdict. Exit codes: 0 the history checks out, 1 anomalies found, 2 the
/// cluster could not be started (also: no service to start, see <see cref="ServiceFinder"/>), 130 interrupted. The <c>leasehold</c> CLI can add it with
/// <c>root.Subcommands.Add(ChaosCommand.Create())</c>, or call <see cref="RunAsync"/> itself.
/// </summary>
public static class ChaosCommand
{
    public const int Ok = 0;
    public const int AnomaliesFound = 1;
    public const int ClusterDidNotStart = 2;
    public const int Interrupted = 130;

    /// <summary>The settings every API process gets: calls time out well inside the clients' patience.</summary>
    public static readonly IReadOnlyDictionary<string, string> ProcessSettings = new Dictionary<string, string>
    {
        ["Cluster:Messaging:CallTimeout"] = "00:00:08",
        ["Leases:WaitMax"] = "00:00:04",
        // Keep-alives every second, so a watcher tells a silent stream (a stopped process) from a quiet lease within its idle timeout.
        ["Watches:Refresh"] = "00:00:01",
    };

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    public static Command Create()
    {
        var nodes = new Option<int>("--nodes") { Description = "API processes to start (127.0.0.x, one SQLite file)", DefaultValueFactory = _ => 3 };
        var clients = new Option<int>("--clients") { Description = "Concurrent clients", DefaultValueFactory = _ => 8 };
        var resources = new Option<int>("--resources") { Description = "Resources the clients contend for", DefaultValueFactory = _ => 3 };
        var duration = new Option<TimeSpan>("--duration") { Description = "How long to run: 30s, 5m, 00:01:00", DefaultValueFactory = _ => TimeSpan.FromSeconds(60), CustomParser = ParseDuration, HelpName = "duration" };
        var seed = new Option<int?>("--seed") { Description = "Seed of every client's and the nemesis's decisions (default: random, printed)" };
        var faults = new Option<IReadOnlyList<FaultKind>>("--faults")
        {
            Description = "Fault families, comma-separated: kill,pause,partition,delay,skew (default all; 'none' for none)",
            DefaultValueFactory = _ => Enum.GetValues<FaultKind>(),
            CustomParser = ParseFaults,
        };
        var history = new Option<string?>("--history") { Description = "Where to write the history JSON (default: the temporary folder)" };
        var service = new Option<string?>("--service")
        {
            Description = $"The {ServiceFinder.FileName} to start, or its folder (default: ${ServiceFinder.EnvironmentVariable}, then one next to this program, then src/Api of the clone around the current folder, built once)",
            HelpName = "path",
        };
        foreach (var option in new Option[] { nodes, clients, resources })
        {
            option.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<int>() is < 1 or > 64)
                {
                    result.AddError($"{result.Option.Name} must be 1 to 64.");
                }
            });
        }

        var command = new Command("chaos", "Start a multi-process cluster on loopback, run a recorded workload under injected faults, and check the history")
        {
            nodes, clients, resources, duration, seed, faults, history, service,
        };
        command.SetAction((parse, ct) => RunAsync(
            new ChaosSettings(parse.GetValue(nodes), parse.GetValue(clients), parse.GetValue(duration), parse.GetValue(seed), parse.GetValue(faults)!, parse.GetValue(history), parse.GetValue(resources), parse.GetValue(service)),
            TerminalConsole.Create(parse.InvocationConfiguration.Output),
            ct));
        return command;
    }

    /// <summary>Runs the command: cluster up, workload and nemesis, verdict. Every process it started is ended before it returns.</summary>
    public static async Task<int> RunAsync(ChaosSettings settings, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var service = await ServiceFinder.FindAsync(
            settings.Service,
            Environment.GetEnvironmentVariable(ServiceFinder.EnvironmentVariable),
            AppContext.BaseDirectory,
            [Environment.CurrentDirectory, AppContext.BaseDirectory],
            ServiceBuild.RunAsync,
            line => console.WriteLine(line),
            cancellationToken).ConfigureAwait(false);
        if (service.Path is null)
        {
            // Written as is, not through Spectre's layout: one line however long the path in it, for people and scripts alike.
            console.Profile.Out.Writer.WriteLine($"Could not start the cluster: {service.Problem}");
            return ClusterDidNotStart;
        }

        var seed = settings.Seed ?? Random.Shared.Next();
        var options = new ChaosOptions
        {
            Seed = seed,
            Duration = settings.Duration,
            Workload = new Workload.WorkloadOptions { Clients = settings.Clients, Resources = settings.Resources },
            Nemesis = new NemesisOptions { Faults = settings.Faults },
        };
        var faultNames = settings.Faults.Count == 0 ? "none" : string.Join(',', settings.Faults.Select(f => f.ToString().ToLowerInvariant()));
        console.MarkupLine($"[bold]Chaos[/]: {settings.Nodes} nodes, {settings.Clients} clients, {settings.Resources} resources, {settings.Duration.TotalSeconds:0} s, faults {faultNames}, seed [bold]{seed}[/]");

        using var cluster = StartCluster(settings.Nodes, service.Path, console);
        if (cluster is null)
        {
            return ClusterDidNotStart;
        }

        try
        {
            console.MarkupLine($"Started {settings.Nodes} API processes on {Markup.Escape(string.Join(", ", Enumerable.Range(0, cluster.NodeCount).Select(cluster.NameOf)))}; waiting for them to form one cluster…");
            if (!await cluster.WaitUntilHealthyAsync(StartTimeout, cancellationToken).ConfigureAwait(false))
            {
                console.MarkupLine($"[red]The processes did not form a cluster within {StartTimeout.TotalSeconds:0} s.[/]");
                console.WriteLine(cluster.Logs());
                return ClusterDidNotStart;
            }

            var run = new ChaosRun(cluster, new ProcessNemesis(cluster), options);
            var result = await ProgressLine.ShowWhileAsync(console, run, settings.Duration, run.RunAsync(cancellationToken)).ConfigureAwait(false);
            var path = settings.HistoryPath ?? Path.Combine(Path.GetTempPath(), $"leasehold-chaos-{seed.ToString(CultureInfo.InvariantCulture)}.json");
            await WriteHistoryAsync(path, settings, seed, faultNames, result).ConfigureAwait(false);
            VerdictView.Write(console, result, path);
            return result.Report.IsValid ? Ok : AnomaliesFound;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.MarkupLine("[yellow]Interrupted: stopping every process this run started; no verdict.[/]");
            return Interrupted;
        }
    }

    private static ProcessCluster? StartCluster(int nodes, string apiPath, IAnsiConsole console)
    {
        try
        {
            return ProcessCluster.Start(nodes, apiPath, ProcessSettings);
        }
        catch (Exception ex) when (ex is FileNotFoundException or System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            console.MarkupLine($"[red]Could not start the cluster:[/] {Markup.Escape(ex.Message)}");
            return null;
        }
    }

    private static Task WriteHistoryAsync(string path, ChaosSettings settings, int seed, string faultNames, ChaosResult result)
    {
        var repeat = $"dotnet run --project src/Chaos -- chaos --nodes {settings.Nodes} --clients {settings.Clients} --resources {settings.Resources} --duration {settings.Duration.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)}s --seed {seed.ToString(CultureInfo.InvariantCulture)} --faults {faultNames}";
        return HistoryDocument.Of(result, settings.Nodes, repeat).WriteAsync(path);
    }

    private static TimeSpan ParseDuration(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value.Trim() : string.Empty;
        (string Suffix, double Scale)[] units = [("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000)];
        foreach (var (suffix, scale) in units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount)
                && amount > 0)
            {
                return TimeSpan.FromMilliseconds(amount * scale);
            }
        }

        if (text.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero)
        {
            return span;
        }

        result.AddError($"'{text}' is not a duration: write 30s, 5m, 1h or 00:01:00.");
        return default;
    }

    private static IReadOnlyList<FaultKind> ParseFaults(ArgumentResult result)
    {
        var names = result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (names is ["none"])
        {
            return [];
        }

        var kinds = new List<FaultKind>();
        foreach (var name in names)
        {
            if (!Enum.TryParse<FaultKind>(name, ignoreCase: true, out var kind) || !Enum.IsDefined(kind) || int.TryParse(name, out _))
            {
                result.AddError($"'{name}' is not a fault: use kill, pause, partition, delay, skew (or none).");
                return [];
            }

            kinds.Add(kind);
        }

        return [.. kinds.Distinct()];
    }
}
