using Leasehold.Api.Contracts;
using Leasehold.Api.OpenApi;
using Leasehold.Api.Problems;
using Leasehold.Runtime.Membership;
using Leasehold.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Leasehold.Api.Apis;

/// <summary>Liveness (the process answers) and readiness (the silo is Active and its database answers).</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        var health = app.MapGroup("/health").WithTags("Health").AllowAnonymous();
        health.MapGet("/live", Live)
            .WithName("getLive")
            .WithSummary("200 while the process answers")
            .WithDescription("Liveness for a process supervisor: no key needed, and nothing about leases or fences.");
        health.MapGet("/ready", ReadyAsync)
            .WithName("getReady")
            .WithSummary("200 when this silo is Active and its database answers; 503 otherwise")
            .WithDescription(
                "Readiness for a load balancer: no key needed. A ready silo can grant leases and check fences against its database; " +
                "send no traffic to one that answers 503 `unavailable`.")
            .ProducesProblems(ProblemType.Unavailable);
        return app;
    }

    internal static Ok<HealthResponse> Live(IMembershipView membership) => TypedResults.Ok(new HealthResponse("live", membership.LocalSilo.ToString()));

    internal static async Task<Results<Ok<HealthResponse>, ProblemHttpResult>> ReadyAsync(
        IMembershipView membership, IStorageHealth storage, CancellationToken cancellationToken)
    {
        var self = membership.Current.Silos.FirstOrDefault(s => s.Address == membership.LocalSilo);
        if (self?.Status != SiloStatus.Active)
        {
            return Problem.Of(ProblemType.Unavailable, $"This silo is {self?.Status.ToString() ?? "unknown"}, not Active.");
        }

        if (!await storage.IsReachableAsync(cancellationToken))
        {
            return Problem.Of(ProblemType.Unavailable, "The database does not answer.");
        }

        return TypedResults.Ok(new HealthResponse("ready", membership.LocalSilo.ToString()));
    }
}
