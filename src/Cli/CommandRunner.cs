using System.CommandLine;
using Leasehold.Cli.Output;
using Leasehold.Client;

namespace Leasehold.Cli;

/// <summary>
/// Runs a command's body with a client for <c>--endpoint</c>, and turns every failure into one line on standard
/// error and its documented exit code. Handlers stay thin: parse, call the client, print.
/// </summary>
internal static class CommandRunner
{
    public static void SetHandler(this Command command, CliContext context, Func<ParseResult, CliSession, CancellationToken, Task<int>> body) =>
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, context, body, cancellationToken));

    private static async Task<int> RunAsync(ParseResult parseResult, CliContext context, Func<ParseResult, CliSession, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        try
        {
            using var session = new CliSession(
                new LeaseholdClient(parseResult.GetRequiredValue(context.Endpoint), new LeaseholdClientOptions { ApiKey = parseResult.GetValue(context.ApiKey) }),
                new Renderer(output, parseResult.GetValue(context.Output)),
                error,
                context.Host);
            return await body(parseResult, session, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("leasehold: interrupted").ConfigureAwait(false);
            return ExitCodes.Interrupted;
        }
        catch (Exception e)
        {
            await error.WriteLineAsync($"leasehold: {OneLine(e.Message)}").ConfigureAwait(false);
            return ExitCodes.Of(e);
        }
    }

    /// <summary>Errors are one line: scripts read them with `2>` and people read the first line anyway.</summary>
    public static string OneLine(string message) => string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
