using Leasehold.Api.Cluster;
using Leasehold.Api.Contracts;
using Leasehold.Api.OpenApi;
using Leasehold.Api.Problems;
using Leasehold.Api.Security;
using Leasehold.Diagnostics;
using Leasehold.Grains;
using Leasehold.Telemetry;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Runtime;

namespace Leasehold.Api.Apis;

/// <summary>What the dashboard reads besides <c>/v1/cluster</c>: the leases held in the cluster (with their silos and the faults in force on each), this silo's rates and its recent rejected writes.</summary>
public static class ObservabilityApi
{
    public static IEndpointRouteBuilder MapObservabilityApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/v1/leases").WithTags("Leases").RequireAuthorization(Policies.Lease).ProducesAuthProblems()
            .MapGet(string.Empty, LeasesAsync)
            .WithName("listLeases")
            .WithSummary($"Leases held in the whole cluster, each with the silo that holds it: the `limit` (1–{MaxListedLeases}, default {DefaultListedLeases}) that expire soonest, the total, and every silo asked")
            .WithDescription(
                "Each lease with its holder, fence and silo, no lease id and no token: for people and dashboards. Every Active silo " +
                "is asked at once and waited for at most `Api:SiloAnswerTimeout` (default 2 s); one that does not answer in time " +
                "(paused, partitioned, gone) is listed in `unreachable` and its leases are missing from this answer, never waited for. " +
                "`silos` also gives the faults in force on each silo that answered. A fence shown here is the one the store will " +
                "compare a holder's writes with; a lower one is refused as stale.")
            .ProducesProblems(ProblemType.Validation);
        app.MapGroup("/v1/stats").WithTags("Observability").RequireAuthorization(Policies.Read).ProducesAuthProblems()
            .MapGet(string.Empty, Stats)
            .WithName("getStats")
            .WithSummary("This silo's request, grant and rejection rates, and its most recent rejected writes")
            .WithDescription(
                "Rates per second over a short window and totals since start. Each rejected write names its key, the fence it carried " +
                "and the highest fence the object had seen (a stale fence), or why its token was refused, with its trace id.");
        return app;
    }

    /// <summary>Most leases one answer lists; the dashboard asks for the default every second.</summary>
    public const int MaxListedLeases = 1000;

    public const int DefaultListedLeases = 100;

    internal static async Task<Results<Ok<HeldLeasesResponse>, ProblemHttpResult>> LeasesAsync(ClusterLeases cluster, LocalNode node, int? limit, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxListedLeases)
        {
            return Problem.Invalid("limit", $"must be from 1 to {MaxListedLeases}");
        }

        var list = await cluster.ListAsync(limit ?? DefaultListedLeases, cancellationToken);
        return TypedResults.Ok(new HeldLeasesResponse(
            node.Name,
            list.Silos.Sum(s => s.Report?.TotalLeases ?? 0),
            [.. list.Soonest.Select(l => new HeldLeaseResponse(
                l.Lease.Resource, l.Lease.Holder, l.Lease.Fence, l.Lease.ExpiresAtUtc, (long)l.Lease.Remaining.TotalMilliseconds, LocalNode.NameOf(l.Silo)))],
            [.. list.Silos.Select(s => new SiloLeasesResponse(
                LocalNode.NameOf(s.Silo), s.Report is not null, s.Report?.TotalLeases, s.Report?.Faults is { } faults ? Describe(s.Silo, faults) : null, s.Error))],
            [.. list.Silos.Where(s => s.Report is null).Select(s => LocalNode.NameOf(s.Silo))]));
    }

    private static FaultsResponse Describe(SiloAddress silo, SiloFaults faults) => new(
        LocalNode.NameOf(silo),
        faults.Paused,
        faults.Killed,
        (long)faults.ClockOffset.TotalMilliseconds,
        [.. faults.Network.Select(r => new NetworkFaultResponse(r.To, r.Drop, (long)r.Delay.TotalMilliseconds))],
        faults.ClockDriftPpm);

    internal static Ok<StatsResponse> Stats(LeaseholdInstruments instruments, TrafficRates rates, LocalNode node)
    {
        var traffic = rates.Snapshot();
        var rejected = instruments.RejectedWrites.List()
            .Select(w => new RejectedWriteResponse(w.AtUtc, w.Key, w.Resource, w.Fence, w.HighestFence, w.Reason, w.Detail, w.TraceId))
            .ToList();
        return TypedResults.Ok(new StatsResponse(
            node.Name, traffic.WindowSeconds, traffic.RequestsPerSecond, traffic.GrantsPerSecond, traffic.RejectionsPerSecond,
            traffic.Requests, traffic.Grants, traffic.Rejections, rejected));
    }
}
