using System.CommandLine;
using Leasehold.Cli.Output;

namespace Leasehold.Cli.Commands;

/// <summary>
/// <c>leasehold watch lease NAME</c> and <c>watch object KEY</c>: one line per event until Ctrl+C (exit 130, as a shell
/// says), reconnecting by itself with the last event id. A watch the server refuses exits with that failure's code.
/// </summary>
internal static class WatchCommands
{
    public static Command Create(CliContext context)
    {
        var watch = new Command("watch", "Follow a lease or an object: one line per change until Ctrl+C");
        watch.Subcommands.Add(Lease(context));
        watch.Subcommands.Add(Object(context));
        return watch;
    }

    private static Option<long?> AfterOption() => new("--after")
    {
        Description = "Resume after this event id (as a previous watch printed it) instead of starting with the current state",
        HelpName = "id",
        CustomParser = result =>
        {
            if (long.TryParse(result.Tokens[0].Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
            {
                return id;
            }

            result.AddError($"'{result.Tokens[0].Value}' is not an event id (a whole number from 0).");
            return null;
        },
    };

    private static Command Lease(CliContext context)
    {
        var resource = LeaseCommands.ResourceArgument();
        var after = AfterOption();
        var command = new Command("lease", "Print each change of a lease: granted, renewed, released, expired, lost (and reset)") { resource, after };
        command.SetHandler(context, async (parse, session, ct) =>
        {
            var line = new WatchLine(session.Output);
            await foreach (var e in session.Client.WatchLeaseAsync(parse.GetRequiredValue(resource), parse.GetValue(after), ct).ConfigureAwait(false))
            {
                line.Write(WatchEventOutput.From(e));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Object(CliContext context)
    {
        var key = new Argument<string>("key") { Description = "The object key: 1–200 characters of A-Z a-z 0-9 . _ - :" };
        var after = AfterOption();
        var command = new Command("object", "Print each write of an object: written (and deleted, reset)") { key, after };
        command.SetHandler(context, async (parse, session, ct) =>
        {
            var line = new WatchLine(session.Output);
            await foreach (var e in session.Client.WatchObjectAsync(parse.GetRequiredValue(key), parse.GetValue(after), ct).ConfigureAwait(false))
            {
                line.Write(WatchEventOutput.From(e));
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
