using System.CommandLine;
using Leasehold.Cli.Output;
using Leasehold.Client;

namespace Leasehold.Cli.Commands;

/// <summary>
/// <c>leasehold elect NAME -- command...</c> runs a command only while this process leads an election (as
/// <c>etcdctl elect</c>), and <c>leasehold election leader NAME</c> names the leader. Leadership is the lease on
/// <c>election:NAME</c>, so <c>elect</c> runs and stops its command with <c>lock</c>'s machinery.
/// </summary>
internal static class ElectionCommands
{
    public const string ElectionVariable = "LEASEHOLD_ELECTION";
    public const string ValueVariable = "LEASEHOLD_VALUE";

    public static Command CreateElect(CliContext context)
    {
        var name = NameArgument();
        var command = new Argument<string[]>("command")
        {
            Description = "The command to run while leading, and its arguments, after --",
            Arity = ArgumentArity.OneOrMore,
        };
        var value = new Option<string?>("--value") { Description = "The value to proclaim while leading (e.g. this process's address); the leader route shows it" };
        var candidate = new Option<string>("--candidate")
        {
            Description = "Who campaigns. Default: unique per run (machine/pid/random)",
            DefaultValueFactory = _ => LeaseCommands.DefaultHolder(),
        };
        var ttl = Durations.Option("--ttl", "Time to live of a term; renewed every third of it", TimeSpan.FromSeconds(15));
        var wait = new Option<TimeSpan?>("--wait")
        {
            Description = "Give up if not elected within this long, with exit code 3 (default: wait until elected or interrupted)",
            HelpName = "duration",
            CustomParser = result => Durations.TryParse(result.Tokens[0].Value, out var parsed) ? parsed : Invalid(result),
        };
        var grace = Durations.Option("--grace", "After SIGTERM, how long the command has to stop before it is killed", TimeSpan.FromSeconds(5));
        var elect = new Command(
            "elect",
            $"Campaign in an election and run a command while leading. The command gets ${ObjectCommands.TokenVariable}, ${LockCommand.FenceVariable}, " +
            $"${LeaseCommands.LeaseIdVariable}, ${LockCommand.ResourceVariable} (election:NAME), ${ElectionVariable}, ${ValueVariable} and " +
            $"${CliContext.EndpointVariable}. If leadership is lost, it gets SIGTERM, then SIGKILL after --grace, and elect exits with " +
            $"{ExitCodes.LeaseLost}; when the command ends, elect resigns and exits with the command's own code")
        {
            name, command, value, candidate, ttl, wait, grace,
        };
        elect.SetHandler(context, async (parse, session, ct) =>
        {
            var election = parse.GetRequiredValue(name);
            var proclaimed = parse.GetValue(value);
            var options = new FencedLockOptions
            {
                Holder = parse.GetRequiredValue(candidate),
                Ttl = parse.GetValue(ttl),
                Wait = parse.GetValue(wait) ?? Timeout.InfiniteTimeSpan,
            };
            var leadership = await session.Client.ElectAsync(election, proclaimed, options, ct).ConfigureAwait(false);
            await using (leadership.ConfigureAwait(false))
            {
                var environment = new Dictionary<string, string> { [ElectionVariable] = election };
                if (proclaimed is not null)
                {
                    environment[ValueVariable] = proclaimed;
                }

                return await LockCommand.RunUnderLockAsync(
                    leadership.Lock, parse.GetRequiredValue(command), parse.GetValue(grace), session, ct,
                    what: $"the leadership of '{election}'", givingUp: "resigning", environmentExtra: environment).ConfigureAwait(false);
            }
        });
        return elect;
    }

    public static Command CreateElection(CliContext context)
    {
        var election = new Command("election", "Inspect elections");
        election.Subcommands.Add(Leader(context));
        return election;
    }

    private static Command Leader(CliContext context)
    {
        var name = NameArgument();
        var index = new Option<long?>("--index") { Description = "Wait until the election's index differs from this one (a long-poll; the index is printed with every answer)" };
        var wait = Durations.Option("--wait", "With --index: wait at most this long for a change, e.g. 30s (at most 5m)", TimeSpan.FromSeconds(30));
        var command = new Command("leader", $"Show who leads an election, its value and fence; exit code {ExitCodes.NotFound} when nobody leads") { name, index, wait };
        command.SetHandler(context, async (parse, session, ct) =>
        {
            var election = parse.GetRequiredValue(name);
            var change = await session.Client.ObserveLeaderAsync(election, parse.GetValue(index), parse.GetValue(wait), ct).ConfigureAwait(false);
            if (change.Leader is not { } leader)
            {
                await session.Error.WriteLineAsync($"leasehold: nobody leads election '{election}' (index {change.Index})").ConfigureAwait(false);
                return ExitCodes.NotFound;
            }

            session.Output.Item(
                leader,
                CliJsonContext.Default.ElectionLeader,
                ("election", leader.Election),
                ("leader", leader.Leader),
                ("value", leader.Value),
                ("fence", leader.Fence),
                ("remainingMs", leader.RemainingMs),
                ("expiresAtUtc", leader.ExpiresAtUtc),
                ("candidates", leader.Candidates),
                ("index", leader.Index));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Argument<string> NameArgument() => new("name")
    {
        Description = "The election: 1–191 characters of A-Z a-z 0-9 . _ - : (its lease is election:NAME)",
    };

    private static TimeSpan? Invalid(System.CommandLine.Parsing.ArgumentResult result)
    {
        result.AddError($"'{result.Tokens[0].Value}' is not a duration: write 500ms, 30s, 2m, 1h or 00:00:30.");
        return null;
    }
}
