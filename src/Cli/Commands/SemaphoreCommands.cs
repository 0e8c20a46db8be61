using System.CommandLine;
using System.Globalization;
using Leasehold.Cli.Output;
using Leasehold.Client;

namespace Leasehold.Cli.Commands;

/// <summary>
/// <c>leasehold semaphore NAME --permits N -- command...</c> runs a command only while this process holds one of the
/// semaphore's N permits (as <c>consul lock -n</c>), and <c>leasehold semaphore get NAME</c> shows who holds them. A
/// permit is the lease on <c>semaphore:NAME:SLOT</c>, so the command is run and stopped with <c>lock</c>'s machinery.
/// </summary>
internal static class SemaphoreCommands
{
    public const string SemaphoreVariable = "LEASEHOLD_SEMAPHORE";
    public const string SlotVariable = "LEASEHOLD_SLOT";

    public static Command Create(CliContext context)
    {
        var name = NameArgument();
        var command = new Argument<string[]>("command")
        {
            Description = "The command to run while holding a permit, and its arguments, after --",
            Arity = ArgumentArity.OneOrMore,
        };
        var permits = new Option<int>("--permits")
        {
            Description = "How many permits the semaphore has (its first acquire fixes it; every later one must name the same)",
            Required = true,
        };
        var holder = LeaseCommands.HolderOption();
        var ttl = Durations.Option("--ttl", "Time to live of the permit; renewed every third of it", TimeSpan.FromSeconds(15));
        var wait = Durations.Option("--wait", $"Wait this long in the semaphore's line for a permit, e.g. 1m (0: fail at once with exit code {ExitCodes.LeaseHeld})", TimeSpan.Zero);
        var grace = Durations.Option("--grace", "After SIGTERM, how long the command has to stop before it is killed", TimeSpan.FromSeconds(5));
        var semaphore = new Command(
            "semaphore",
            $"Run a command while holding one of a semaphore's permits. The command gets ${ObjectCommands.TokenVariable}, ${LockCommand.FenceVariable} " +
            $"(the slot's fence), ${LeaseCommands.LeaseIdVariable}, ${LockCommand.ResourceVariable} (semaphore:NAME:SLOT), ${SemaphoreVariable}, " +
            $"${SlotVariable} and ${CliContext.EndpointVariable}. When every permit is held after --wait, exits with {ExitCodes.LeaseHeld}. If the " +
            $"permit is lost, the command gets SIGTERM, then SIGKILL after --grace, and semaphore exits with {ExitCodes.LeaseLost}; when the " +
            "command ends, the permit is released and semaphore exits with the command's own code")
        {
            name, command, permits, holder, ttl, wait, grace,
        };
        semaphore.Subcommands.Add(Get(context));
        semaphore.SetHandler(context, async (parse, session, ct) =>
        {
            var semaphoreName = parse.GetRequiredValue(name);
            var options = new FencedLockOptions
            {
                Holder = parse.GetRequiredValue(holder),
                Ttl = parse.GetValue(ttl),
                Wait = parse.GetValue(wait),
            };
            var permit = await session.Client.AcquirePermitAsync(semaphoreName, parse.GetValue(permits), options, ct).ConfigureAwait(false);
            await using (permit.ConfigureAwait(false))
            {
                var environment = new Dictionary<string, string>
                {
                    [SemaphoreVariable] = semaphoreName,
                    [SlotVariable] = permit.Slot.ToString(CultureInfo.InvariantCulture),
                };
                return await LockCommand.RunUnderLockAsync(
                    permit.Lock, parse.GetRequiredValue(command), parse.GetValue(grace), session, ct,
                    what: $"the permit of slot {permit.Slot} of '{semaphoreName}'", givingUp: "releasing the permit", environmentExtra: environment).ConfigureAwait(false);
            }
        });
        return semaphore;
    }

    private static Command Get(CliContext context)
    {
        var name = NameArgument();
        var command = new Command("get", $"Show a semaphore's permits, who holds them and how many wait; exit code {ExitCodes.NotFound} when it was never acquired") { name };
        command.SetHandler(context, async (parse, session, ct) =>
        {
            var semaphore = parse.GetRequiredValue(name);
            if (await session.Client.GetSemaphoreAsync(semaphore, ct).ConfigureAwait(false) is not { } state)
            {
                await session.Error.WriteLineAsync($"leasehold: semaphore '{semaphore}' was never acquired").ConfigureAwait(false);
                return ExitCodes.NotFound;
            }

            if (session.Output.Format == OutputFormat.Json)
            {
                session.Output.Json(state, CliJsonContext.Default.SemaphoreState);
                return ExitCodes.Ok;
            }

            session.Output.Table(
                $"{state.Held.Count} of {state.Permits} permits of '{state.Semaphore}' held, {state.Waiters} waiting",
                ["Slot", "Holder", "Fence", "Remaining (ms)", "Expires (UTC)"],
                state.Held.Select(p => new[] { Renderer.Text(p.Slot), p.Holder, Renderer.Text(p.Fence), Renderer.Text(p.RemainingMs), Renderer.Text(p.ExpiresAtUtc) }));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Argument<string> NameArgument() => new("name")
    {
        Description = "The semaphore: 1–186 characters of A-Z a-z 0-9 . _ - : (permit slot i is the lease semaphore:NAME:i)",
    };
}
