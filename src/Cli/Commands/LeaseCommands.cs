using System.CommandLine;
using Leasehold.Cli.Output;
using Leasehold.Client;

namespace Leasehold.Cli.Commands;

/// <summary><c>leasehold lease acquire|renew|release|get|list</c>.</summary>
internal static class LeaseCommands
{
    /// <summary>The environment variable <c>lease renew|release</c> read the lease id from (set by <c>lock</c> for its command).</summary>
    public const string LeaseIdVariable = "LEASEHOLD_LEASE_ID";

    public static Command Create(CliContext context)
    {
        var lease = new Command("lease", "Acquire, renew, release and inspect leases");
        lease.Subcommands.Add(Acquire(context));
        lease.Subcommands.Add(Renew(context));
        lease.Subcommands.Add(Release(context));
        lease.Subcommands.Add(Get(context));
        lease.Subcommands.Add(List(context));
        return lease;
    }

    public static Argument<string> ResourceArgument() => new("resource")
    {
        Description = "The resource: 1–200 characters of A-Z a-z 0-9 . _ - :",
    };

    public static Option<string> HolderOption() => new("--holder")
    {
        Description = "Who holds the lease. Default: unique per run (machine/pid/random). Give the same holder to make a retried acquire return the same lease",
        DefaultValueFactory = _ => DefaultHolder(),
    };

    public static string DefaultHolder() => $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    public static void PrintLease(Renderer output, Lease lease) => output.Item(
        LeaseOutput.From(lease),
        CliJsonContext.Default.LeaseOutput,
        ("resource", lease.Resource),
        ("holder", lease.Holder),
        ("fence", lease.Fence),
        ("leaseId", lease.LeaseId),
        ("token", lease.Token),
        ("ttlMs", (long)lease.Ttl.TotalMilliseconds),
        ("expiresAtUtc", lease.ExpiresAtUtc),
        ("mode", ModeName(lease.Mode)));

    /// <summary><c>--shared</c>: take the lease in shared mode (a read lock), as one of many holders at once.</summary>
    public static Option<bool> SharedOption() => new("--shared")
    {
        Description = "Take a shared (read) lease: many holders at once while no exclusive holder holds it; its token cannot write. Default: exclusive",
    };

    public static LeaseMode ModeOf(ParseResult parse, Option<bool> shared) => parse.GetValue(shared) ? LeaseMode.Shared : LeaseMode.Exclusive;

    public static string ModeName(LeaseMode mode) => mode == LeaseMode.Shared ? "shared" : "exclusive";

    private static Command Acquire(CliContext context)
    {
        var resource = ResourceArgument();
        var holder = HolderOption();
        var ttl = new Option<TimeSpan?>("--ttl")
        {
            Description = "Time to live, e.g. 30s (100ms to 1h by default server bounds); required unless --session",
            HelpName = "duration",
            CustomParser = result => Durations.TryParse(result.Tokens[0].Value, out var value) ? value : Invalid(result),
        };
        var sessionId = new Option<string?>("--session")
        {
            Description = $"Acquire in this session instead of with --ttl (its holder holds the lease; it ends with the session). Default: ${SessionCommands.SessionIdVariable}",
            HelpName = "session-id",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable(SessionCommands.SessionIdVariable),
        };
        var wait = Durations.Option("--wait", "Wait in line this long if the lease is held, e.g. 10s (at most the server's Leases:WaitMax, 20s by default)", TimeSpan.Zero);
        var shared = SharedOption();
        var command = new Command("acquire", "Acquire a lease; prints its lease id, fence and token") { resource, holder, ttl, wait, sessionId, shared };
        command.SetHandler(context, async (parse, session, ct) =>
        {
            var inSession = parse.GetValue(sessionId);
            var mode = ModeOf(parse, shared);
            var lease = (inSession, parse.GetValue(ttl)) switch
            {
                ({ Length: > 0 }, not null) => throw new CliInputException("Give --ttl or --session, not both: a session times its leases."),
                ({ Length: > 0 } id, null) => await session.Client.AcquireInSessionAsync(parse.GetRequiredValue(resource), id, mode, parse.GetValue(wait), ct).ConfigureAwait(false),
                (_, { } lifetime) => mode == LeaseMode.Shared
                    ? await session.Client.AcquireSharedAsync(parse.GetRequiredValue(resource), parse.GetRequiredValue(holder), lifetime, parse.GetValue(wait), ct).ConfigureAwait(false)
                    : await session.Client.AcquireAsync(parse.GetRequiredValue(resource), parse.GetRequiredValue(holder), lifetime, parse.GetValue(wait), ct).ConfigureAwait(false),
                _ => throw new CliInputException("Give --ttl (e.g. --ttl 30s), or --session to acquire in a session."),
            };
            PrintLease(session.Output, lease);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Renew(CliContext context)
    {
        var resource = ResourceArgument();
        var leaseId = LeaseIdOption();
        var ttl = new Option<TimeSpan?>("--ttl")
        {
            Description = "New time to live from now, e.g. 30s. Default: the lease's own",
            HelpName = "duration",
            CustomParser = result => Durations.TryParse(result.Tokens[0].Value, out var value) ? value : Invalid(result),
        };
        var command = new Command("renew", "Extend a lease you hold") { resource, leaseId, ttl };
        command.SetHandler(context, async (parse, session, ct) =>
        {
            var lease = await session.Client.RenewAsync(parse.GetRequiredValue(resource), RequireLeaseId(parse, leaseId), parse.GetValue(ttl), ct).ConfigureAwait(false);
            PrintLease(session.Output, lease);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Release(CliContext context)
    {
        var resource = ResourceArgument();
        var leaseId = LeaseIdOption();
        var command = new Command("release", "Release a lease you hold") { resource, leaseId };
        command.SetHandler(context, async (parse, session, ct) =>
        {
            var name = parse.GetRequiredValue(resource);
            await session.Client.ReleaseAsync(name, RequireLeaseId(parse, leaseId), ct).ConfigureAwait(false);
            session.Output.Item(new ReleaseOutput(name, true), CliJsonContext.Default.ReleaseOutput, ("resource", name), ("released", true));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Get(CliContext context)
    {
        var resource = ResourceArgument();
        var command = new Command("get", "Show a lease's public state: holder, fence, time left, waiters") { resource };
        command.SetHandler(context, async (parse, session, ct) =>
        {
            var state = await session.Client.GetLeaseAsync(parse.GetRequiredValue(resource), ct).ConfigureAwait(false);
            session.Output.Item(
                state,
                CliJsonContext.Default.LeaseState,
                ("resource", state.Resource),
                ("held", state.Held),
                ("holder", state.Holder),
                ("fence", state.Fence),
                ("remainingMs", state.RemainingMs),
                ("expiresAtUtc", state.ExpiresAtUtc),
                ("waiters", state.Waiters),
                ("mode", ModeName(state.Mode)),
                ("sharedHolders", state.SharedHolders is { Count: > 0 } holders ? string.Join(", ", holders.Select(h => h.Holder)) : null));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(CliContext context)
    {
        var limit = new Option<int?>("--limit")
        {
            Description = "List at most this many, the ones that expire soonest (1–1000; server default 100)",
        };
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1 or > 1000)
            {
                result.AddError("--limit must be 1 to 1000.");
            }
        });
        var command = new Command("list", "List the leases held in the whole cluster with the silo of each, soonest to expire first") { limit };
        command.SetHandler(context, async (parse, session, ct) =>
        {
            var held = await session.Client.ListLeasesAsync(parse.GetValue(limit), ct).ConfigureAwait(false);
            if (session.Output.Format == OutputFormat.Json)
            {
                session.Output.Json(held, CliJsonContext.Default.HeldLeases);
                return ExitCodes.Ok;
            }

            var asked = held.Silos?.Count is { } count ? $" on {count} silo{(count == 1 ? string.Empty : "s")}" : string.Empty;
            session.Output.Table(
                $"{held.Total} leases held{asked}" + (held.Leases.Count < held.Total ? $", the {held.Leases.Count} that expire soonest" : string.Empty),
                ["Resource", "Holder", "Fence", "Remaining (ms)", "Expires (UTC)", "Silo"],
                held.Leases.Select(l => new[] { l.Resource, l.Holder, Renderer.Text(l.Fence), Renderer.Text(l.RemainingMs), Renderer.Text(l.ExpiresAtUtc), l.Silo ?? "–" }));
            foreach (var silo in held.Silos?.Where(s => !s.Answered) ?? [])
            {
                // The list is incomplete: say whose leases are missing, and why, where a person reads it.
                await session.Error.WriteLineAsync($"leasehold: silo {silo.Silo} did not answer ({silo.Error}); its leases are not listed").ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Option<string?> LeaseIdOption() => new("--lease-id")
    {
        Description = $"The lease id from acquire. Default: ${LeaseIdVariable}",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(LeaseIdVariable),
    };

    private static string RequireLeaseId(ParseResult parse, Option<string?> option) =>
        parse.GetValue(option) is { Length: > 0 } id ? id : throw new CliInputException($"Give --lease-id (or set ${LeaseIdVariable}).");

    private static TimeSpan? Invalid(System.CommandLine.Parsing.ArgumentResult result)
    {
        result.AddError($"'{result.Tokens[0].Value}' is not a duration: write 500ms, 30s, 2m, 1h or 00:00:30.");
        return null;
    }
}
