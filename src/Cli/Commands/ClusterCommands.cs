using System.CommandLine;
using Leasehold.Cli.Output;

namespace Leasehold.Cli.Commands;

/// <summary><c>leasehold cluster status</c>.</summary>
internal static class ClusterCommands
{
    public static Command Create(CliContext context)
    {
        var cluster = new Command("cluster", "Inspect the cluster");
        cluster.Subcommands.Add(Status(context));
        return cluster;
    }

    private static Command Status(CliContext context)
    {
        var command = new Command("status", "The silos, their status, and the membership version of the silo that answers");
        command.SetHandler(context, async (_, session, ct) =>
        {
            var status = await session.Client.GetClusterAsync(ct).ConfigureAwait(false);
            if (session.Output.Format == OutputFormat.Json)
            {
                session.Output.Json(status, CliJsonContext.Default.ClusterStatus);
                return ExitCodes.Ok;
            }

            session.Output.Table(
                $"Membership version {status.MembershipVersion}, answered by {status.LocalSilo}" +
                    (status.HiddenDeadSilos > 0 ? $"; {status.HiddenDeadSilos} long-dead silos not shown" : string.Empty),
                ["Silo", "Generation", "Status", "Started (UTC)", "Last heartbeat (UTC)"],
                status.Silos.Select(s => new[]
                {
                    s.Address + (status.LocalSilo == $"{s.Address}@{s.Generation}" ? " (answered)" : string.Empty),
                    Renderer.Text(s.Generation),
                    s.Status,
                    Renderer.Text(s.StartedAtUtc),
                    Renderer.Text(s.LastHeartbeatUtc),
                }));
            return ExitCodes.Ok;
        });
        return command;
    }
}
