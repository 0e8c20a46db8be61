using System.CommandLine;
using System.CommandLine.Invocation;
using Leasehold.Cli.Commands;

namespace Leasehold.Cli;

/// <summary>The <c>leasehold</c> command tree, and one run of it.</summary>
public static class LeaseholdCli
{
    /// <summary>Runs the command line on the real console; Ctrl+C and SIGTERM cancel the running command.</summary>
    public static Task<int> RunAsync(string[] args) => RunAsync(args, CliHost.Console, handleTermination: true, CancellationToken.None);

    /// <summary>Runs the command line with captured output (tests): no signal handling, <paramref name="cancellationToken"/> interrupts.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default) =>
        RunAsync(args, CliHost.Captured(output, error), handleTermination: false, cancellationToken);

    internal static RootCommand CreateRootCommand(CliContext context)
    {
        // Tab completion offers the values as the docs write them (the enum's own names are capitalized).
        context.Output.CompletionSources.Clear();
        context.Output.CompletionSources.Add("json", "table");
        var root = new RootCommand("leasehold: leases with fencing tokens, fenced objects, locks and elections around commands.")
        {
            context.Endpoint,
            context.ApiKey,
            context.Output,
        };

        // One file per command group (Commands/*Commands.cs); a new group is one more line here.
        root.Subcommands.Add(LeaseCommands.Create(context));
        root.Subcommands.Add(SessionCommands.Create(context));
        root.Subcommands.Add(ObjectCommands.Create(context));
        root.Subcommands.Add(WatchCommands.Create(context));
        root.Subcommands.Add(ClusterCommands.Create(context));
        root.Subcommands.Add(WaitReadyCommand.Create(context));
        root.Subcommands.Add(LockCommand.Create(context));
        root.Subcommands.Add(ElectionCommands.CreateElect(context));
        root.Subcommands.Add(ElectionCommands.CreateElection(context));
        root.Subcommands.Add(SemaphoreCommands.Create(context));
        root.Subcommands.Add(BenchCommands.Create(context));
        root.Subcommands.Add(Leasehold.Chaos.ChaosCommand.Create());
        root.Subcommands.Add(CompletionCommand.Create(context));
        return root;
    }

    private static async Task<int> RunAsync(string[] args, CliHost host, bool handleTermination, CancellationToken cancellationToken)
    {
        var root = CreateRootCommand(new CliContext(host));
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0 && parseResult.Action is ParseErrorAction)
        {
            // Usage errors: one line each on stderr and the bad-input code, instead of a page of help.
            foreach (var parseError in parseResult.Errors)
            {
                await host.Error.WriteLineAsync($"leasehold: {CommandRunner.OneLine(parseError.Message)}").ConfigureAwait(false);
            }

            await host.Error.WriteLineAsync($"Run '{CommandPath(parseResult.CommandResult.Command)} --help' for usage.").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        var configuration = new InvocationConfiguration
        {
            Output = host.Out,
            Error = host.Error,
            EnableDefaultExceptionHandler = false,
            // `lock` needs time to stop its command gracefully and release; its own grace bounds that.
            ProcessTerminationTimeout = handleTermination ? TimeSpan.FromSeconds(60) : null,
        };
        return await parseResult.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>"leasehold lease acquire" for the acquire command.</summary>
    private static string CommandPath(Command command)
    {
        var names = new Stack<string>();
        for (Command? current = command; current is not null; current = current.Parents.OfType<Command>().FirstOrDefault())
        {
            names.Push(current is RootCommand ? "leasehold" : current.Name);
        }

        return string.Join(' ', names);
    }
}
