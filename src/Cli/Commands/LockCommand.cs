using System.CommandLine;
using System.ComponentModel;
using System.Globalization;
using Leasehold.Cli.Processes;
using Leasehold.Client;

namespace Leasehold.Cli.Commands;

/// <summary>
/// <c>leasehold lock &lt;resource&gt; -- &lt;command...&gt;</c>: holds a lease while a command runs (as <c>etcdctl lock</c>
/// and <c>consul lock</c> do), gives the command its token and fence, renews, and stops the command if the lease is lost.
/// </summary>
internal static class LockCommand
{
    public const string FenceVariable = "LEASEHOLD_FENCE";
    public const string ResourceVariable = "LEASEHOLD_RESOURCE";
    public const string ModeVariable = "LEASEHOLD_LEASE_MODE";

    public static Command Create(CliContext context)
    {
        var resource = LeaseCommands.ResourceArgument();
        var command = new Argument<string[]>("command")
        {
            Description = "The command to run and its arguments, after --",
            Arity = ArgumentArity.OneOrMore,
        };
        var holder = LeaseCommands.HolderOption();
        var ttl = Durations.Option("--ttl", "Time to live of the lease; renewed every third of it", TimeSpan.FromSeconds(15));
        var wait = Durations.Option("--wait", "Wait this long for the lease if it is held, e.g. 1m (0: fail at once with exit code 3)", TimeSpan.Zero);
        var shared = LeaseCommands.SharedOption();
        var grace = Durations.Option("--grace", "After SIGTERM, how long the command has to stop before it is killed", TimeSpan.FromSeconds(5));
        var lockCommand = new Command(
            "lock",
            $"Run a command while holding a lease. The command gets ${ObjectCommands.TokenVariable}, ${FenceVariable}, ${LeaseCommands.LeaseIdVariable}, " +
            $"${ResourceVariable}, ${ModeVariable} (exclusive, or shared with --shared: a read lock whose token cannot write) and ${CliContext.EndpointVariable}. If the lease is lost, it gets SIGTERM, then SIGKILL after --grace, and " +
            $"lock exits with {ExitCodes.LeaseLost}; otherwise lock exits with the command's own code")
        {
            resource, command, holder, ttl, wait, grace, shared,
        };
        lockCommand.SetHandler(context, async (parse, session, ct) =>
        {
            var options = new FencedLockOptions
            {
                Holder = parse.GetRequiredValue(holder),
                Ttl = parse.GetValue(ttl),
                Wait = parse.GetValue(wait),
                Mode = LeaseCommands.ModeOf(parse, shared),
            };
            var fencedLock = await FencedLock.AcquireAsync(session.Client, parse.GetRequiredValue(resource), options, ct).ConfigureAwait(false);
            await using (fencedLock.ConfigureAwait(false))
            {
                return await RunUnderLockAsync(fencedLock, parse.GetRequiredValue(command), parse.GetValue(grace), session, ct).ConfigureAwait(false);
            }
        });
        return lockCommand;
    }

    /// <summary>
    /// Runs <paramref name="command"/> while <paramref name="fencedLock"/> holds its lease, with the lease in its environment
    /// (and <paramref name="environmentExtra"/>), and stops it when the lease is lost or the run is interrupted. Also
    /// <c>elect</c>'s: leadership is a lease, so a leader's command is run and stopped as a lock holder's.
    /// </summary>
    /// <param name="fencedLock">The lock whose lease the command runs under.</param>
    /// <param name="command">The command and its arguments.</param>
    /// <param name="grace">How long the command has to stop after SIGTERM before it is killed.</param>
    /// <param name="session">The CLI session (client, output).</param>
    /// <param name="cancellationToken">Cancelled on Ctrl+C or SIGTERM.</param>
    /// <param name="what">What is held, for messages ("the lease on 'orders'").</param>
    /// <param name="givingUp">What ending it does, for messages ("releasing the lease").</param>
    /// <param name="environmentExtra">More variables for the command's environment.</param>
    internal static async Task<int> RunUnderLockAsync(
        FencedLock fencedLock,
        string[] command,
        TimeSpan grace,
        CliSession session,
        CancellationToken cancellationToken,
        string? what = null,
        string givingUp = "releasing the lease",
        IReadOnlyDictionary<string, string>? environmentExtra = null)
    {
        what ??= $"the lease on '{fencedLock.Resource}'";
        var environment = new Dictionary<string, string>(environmentExtra ?? new Dictionary<string, string>())
        {
            [ObjectCommands.TokenVariable] = fencedLock.Token,
            [FenceVariable] = fencedLock.Fence.ToString(CultureInfo.InvariantCulture),
            [LeaseCommands.LeaseIdVariable] = fencedLock.LeaseId,
            [ResourceVariable] = fencedLock.Resource,
            [ModeVariable] = LeaseCommands.ModeName(fencedLock.Mode),
            [CliContext.EndpointVariable] = session.Client.Endpoint.ToString(),
        };

        ChildProcess child;
        try
        {
            child = ChildProcess.Start(command, environment);
        }
        catch (Win32Exception e)
        {
            await session.Error.WriteLineAsync($"leasehold: cannot run '{command[0]}': {e.Message}").ConfigureAwait(false);
            return ExitCodes.CommandNotStarted;
        }

        using (child)
        {
            var exited = child.WaitForExitAsync(CancellationToken.None);
            var (lost, lostRegistration) = WhenCancelled(fencedLock.LeaseLost);
            var (interrupted, interruptRegistration) = WhenCancelled(cancellationToken);
            using (lostRegistration)
            using (interruptRegistration)
            {
                var first = await Task.WhenAny(exited, lost, interrupted).ConfigureAwait(false);
                if (first == exited)
                {
                    return await exited.ConfigureAwait(false);
                }

                var time = session.Client.Options.TimeProvider;
                if (first == lost)
                {
                    await session.Error.WriteLineAsync(
                        $"leasehold: {what} (fence {fencedLock.Fence}) is lost: {fencedLock.LostReason?.TrimEnd('.')}; stopping the command (pid {child.Id}).").ConfigureAwait(false);
                    await child.StopAsync(grace, time).ConfigureAwait(false);
                    return ExitCodes.LeaseLost;
                }

                await session.Error.WriteLineAsync($"leasehold: interrupted; stopping the command (pid {child.Id}) and {givingUp}.").ConfigureAwait(false);
                await child.StopAsync(grace, time).ConfigureAwait(false);
                return ExitCodes.Interrupted;
            }
        }
    }

    private static (Task Task, CancellationTokenRegistration Registration) WhenCancelled(CancellationToken token)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return (signal.Task, token.Register(() => signal.TrySetResult()));
    }
}
