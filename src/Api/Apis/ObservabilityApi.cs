using Leasehold.Api.Cluster;
using Leasehold.Api.Contracts;
using Leasehold.Api.OpenApi;
using Leasehold.Api.Problems;
using Leasehold.Api.Security;
using Leasehold.Diagnostics;
using Leasehold.Telemetry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Leasehold.Api.Apis;

/// <summary>What the dashboard reads besides <c>/v1/cluster</c>: the leases held on this silo, its rates and its recent rejected writes.</summary>
public static class ObservabilityApi
{
    public static IEndpointRouteBuilder MapObservabilityApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/v1/leases").WithTags("Leases").RequireAuthorization(Policies.Lease).ProducesAuthProblems()
            .MapGet(string.Empty, Leases)
            .WithName("listLeases")
            .WithSummary($"Leases held by the lease grains on this silo (each lease is listed by the silo its grain lives on): the `limit` (1–{MaxListedLeases}, default {DefaultListedLeases}) that expire soonest, and the total")
            .WithDescription(
                "Each lease with its holder and fence, no lease id and no token: for people and dashboards. A fence shown here " +
                "is the one the store will compare a holder's writes with; a lower one is refused as stale.")
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

    internal static Results<Ok<HeldLeasesResponse>, ProblemHttpResult> Leases(LeaseholdInstruments instruments, LocalNode node, int? limit)
    {
        if (limit is < 1 or > MaxListedLeases)
        {
            return Problem.Invalid("limit", $"must be from 1 to {MaxListedLeases}");
        }

        var (soonest, total) = instruments.Leases.List(limit ?? DefaultListedLeases);
        return TypedResults.Ok(new HeldLeasesResponse(
            node.Name,
            total,
            [.. soonest.Select(l => new HeldLeaseResponse(l.Resource, l.Holder, l.Fence, l.ExpiresAtUtc, (long)l.Remaining.TotalMilliseconds))]));
    }

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
