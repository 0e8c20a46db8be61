using Leasehold.Api.Contracts;
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
        health.MapGet("/live", Live).WithSummary("200 while the process answers");
        health.MapGet("/ready", ReadyAsync).WithSummary("200 when this silo is Active and its database answers; 503 otherwise")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
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
