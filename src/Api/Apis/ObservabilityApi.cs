using Leasehold.Api.Contracts;
using Leasehold.Runtime.Diagnostics;
using Leasehold.Runtime.Membership;
using Leasehold.Telemetry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Leasehold.Api.Apis;

/// <summary>What the dashboard reads besides <c>/v1/cluster</c>: the leases held on this silo, its rates and its recent rejected writes.</summary>
public static class ObservabilityApi
{
    public static IEndpointRouteBuilder MapObservabilityApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/leases", Leases).WithTags("Leases")
            .WithSummary("Leases held by the lease grains on this silo (each lease is listed by the silo its grain lives on)");
        app.MapGet("/v1/stats", Stats).WithTags("Observability")
            .WithSummary("This silo's request, grant and rejection rates, and its most recent rejected writes");
        return app;
    }

    internal static Ok<HeldLeasesResponse> Leases(LeaseholdInstruments instruments, IMembershipView membership) =>
        TypedResults.Ok(new HeldLeasesResponse(
            membership.LocalSilo.ToString(),
            [.. instruments.Leases.List().Select(l => new HeldLeaseResponse(l.Resource, l.Holder, l.Fence, l.ExpiresAtUtc, (long)l.Remaining.TotalMilliseconds))]));

    internal static Ok<StatsResponse> Stats(LeaseholdInstruments instruments, TrafficRates rates, IMembershipView membership)
    {
        var traffic = rates.Snapshot();
        var rejected = instruments.RejectedWrites.List()
            .Select(w => new RejectedWriteResponse(w.AtUtc, w.Key, w.Resource, w.Fence, w.HighestFence, w.Reason, w.Detail, w.TraceId))
            .ToList();
        return TypedResults.Ok(new StatsResponse(
            membership.LocalSilo.ToString(), traffic.WindowSeconds, traffic.RequestsPerSecond, traffic.GrantsPerSecond, traffic.RejectionsPerSecond,
            traffic.Requests, traffic.Grants, traffic.Rejections, rejected));
    }
}
