using System.CommandLine;
using Leasehold.Cli.Output;
using Leasehold.Client;

namespace Leasehold.Cli.Commands;

/// <summary><c>leasehold session open|keepalive|close|get</c>: one TTL and one keep-alive for many leases.</summary>
internal static class SessionCommands
{
    /// <summary>The environment variable the session commands and <c>lease acquire --session</c> read the session id from.</summary>
    public const string SessionIdVariable = "LEASEHOLD_SESSION_ID";

    public static Command Create(CliContext context)
    {
        var session = new Command("session", "Open, keep alive, close and inspect sessions: every lease acquired in one ends when it ends");
        session.Subcommands.Add(Open(context));
        session.Subcommands.Add(KeepAlive(context));
        session.Subcommands.Add(Close(context));
        session.Subcommands.Add(Get(context));
        return session;
    }

    private static Command Open(CliContext context)
    {
        var holder = LeaseCommands.HolderOption();
        var ttl = Durations.Option("--ttl", "How long the session lasts unless kept alive, e.g. 30s");
        var command = new Command("open", "Open a session; prints its id (acquire in it with `lease acquire --session ID`, keep it alive with `session keepalive`)") { holder, ttl };
        command.SetHandler(context, async (parse, cli, ct) =>
        {
            Print(cli.Output, await cli.Client.OpenSessionAsync(parse.GetRequiredValue(holder), parse.GetValue(ttl), ct).ConfigureAwait(false));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command KeepAlive(CliContext context)
    {
        var id = SessionIdArgument();
        var command = new Command("keepalive", "Extend a session by its TTL and renew every lease it holds") { id };
        command.SetHandler(context, async (parse, cli, ct) =>
        {
            Print(cli.Output, await cli.Client.KeepSessionAliveAsync(RequireSessionId(parse, id), ct).ConfigureAwait(false));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Close(CliContext context)
    {
        var id = SessionIdArgument();
        var command = new Command("close", "Close a session and release every lease it holds") { id };
        command.SetHandler(context, async (parse, cli, ct) =>
        {
            var closed = await cli.Client.CloseSessionAsync(RequireSessionId(parse, id), ct).ConfigureAwait(false);
            cli.Output.Item(closed, CliJsonContext.Default.SessionClosed, ("sessionId", closed.SessionId), ("releasedLeases", closed.ReleasedLeases));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Get(CliContext context)
    {
        var id = SessionIdArgument();
        var command = new Command("get", "Show a session: open or why it ended, time left, and its leases") { id };
        command.SetHandler(context, async (parse, cli, ct) =>
        {
            var sessionId = RequireSessionId(parse, id);
            var found = await cli.Client.GetSessionAsync(sessionId, ct).ConfigureAwait(false)
                ?? throw new LeaseholdException($"No session '{sessionId}'.", 404, ProblemTypes.SessionNotFound, null);
            Print(cli.Output, found);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Argument<string?> SessionIdArgument() => new("session-id")
    {
        Description = $"The session's id, as `session open` prints it. Default: ${SessionIdVariable}",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private static string RequireSessionId(ParseResult parse, Argument<string?> id) =>
        parse.GetValue(id) is { Length: > 0 } given ? given
        : Environment.GetEnvironmentVariable(SessionIdVariable) is { Length: > 0 } inherited ? inherited
        : throw new CliInputException($"Give the session id, or set {SessionIdVariable}.");

    private static void Print(Renderer output, SessionInfo session) => output.Item(
        session,
        CliJsonContext.Default.SessionInfo,
        ("sessionId", session.SessionId),
        ("holder", session.Holder),
        ("open", session.Open),
        ("ttlMs", session.TtlMs),
        ("remainingMs", session.RemainingMs),
        ("expiresAtUtc", session.ExpiresAtUtc),
        ("leases", session.Leases.Count == 0 ? "-" : string.Join(", ", session.Leases.Select(l => $"{l.Resource} (fence {l.Fence})"))),
        ("endReason", session.EndReason));
}
