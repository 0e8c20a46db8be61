using System.CommandLine;
using Leasehold.Cli.Output;
using Leasehold.Client;

namespace Leasehold.Cli.Commands;

/// <summary><c>leasehold wait-ready</c>: for scripts that start a node and must not send its first request too early.</summary>
internal static class WaitReadyCommand
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public static Command Create(CliContext context)
    {
        var timeout = Durations.Option("--timeout", "Give up after this long, e.g. 30s (at most 1h)", TimeSpan.FromSeconds(30));
        timeout.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<TimeSpan>() is var value && (value <= TimeSpan.Zero || value > TimeSpan.FromHours(1)))
            {
                result.AddError("--timeout must be more than 0 and at most 1h.");
            }
        });
        var command = new Command("wait-ready", "Wait until the node at --endpoint is ready (its silo Active, its database answering); exit 0 then, else 7 or 10 with the last reason") { timeout };
        command.SetHandler(context, async (parse, session, ct) =>
        {
            var time = TimeProvider.System;
            var deadline = time.GetTimestamp() + (long)(parse.GetValue(timeout).TotalSeconds * time.TimestampFrequency);
            // Bounded by the deadline; each attempt is bounded by the client's request timeout.
            while (true)
            {
                try
                {
                    var ready = await session.Client.GetReadyAsync(ct).ConfigureAwait(false);
                    session.Output.Item(ready, CliJsonContext.Default.HealthStatus, ("status", ready.Status), ("silo", ready.Silo));
                    return ExitCodes.Ok;
                }
                catch (LeaseholdException) when (time.GetTimestamp() < deadline)
                {
                    // Not yet: nothing listens, or the silo is still joining. The last failure is what a timeout reports.
                }

                await Task.Delay(PollInterval, time, ct).ConfigureAwait(false);
            }
        });
        return command;
    }
}
