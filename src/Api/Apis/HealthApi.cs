using Leasehold.Api.Cluster;
using Leasehold.Api.Contracts;
using Leasehold.Api.OpenApi;
using Leasehold.Api.Problems;
using Leasehold.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans;
using Orleans.Runtime;

namespace Leasehold.Api.Apis;

/// <summary>
/// Liveness (the process answers) and readiness: a silo is ready when it is Active and its database answers; an API
/// that is a cluster client, when a silo of the cluster answers it through a gateway.
/// </summary>
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
            .WithSummary("200 when this silo is Active and its database answers (a cluster client: when a silo answers it); 503 otherwise")
            .WithDescription(
                "Readiness for a load balancer: no key needed. A ready silo can grant leases and check fences against its database; " +
                "send no traffic to one that answers 503 `unavailable`.")
            .ProducesProblems(ProblemType.Unavailable);
        return app;
    }

    /// <summary>How long readiness in a cluster client waits for a gateway's answer.</summary>
    private static readonly TimeSpan GatewayCheckTimeout = TimeSpan.FromSeconds(2);

    internal static Ok<HealthResponse> Live(LocalNode node) => TypedResults.Ok(new HealthResponse("live", node.Name));

    internal static async Task<Results<Ok<HealthResponse>, ProblemHttpResult>> ReadyAsync(
        LocalNode node, IServiceProvider services, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (node.Silo is { } self)
        {
            var status = services.GetRequiredService<IClusterMembershipService>().CurrentSnapshot.GetSiloStatus(self);
            if (status != SiloStatus.Active)
            {
                return Problem.Of(ProblemType.Unavailable, $"This silo is {status}, not Active.");
            }

            if (!await services.GetRequiredService<IStorageHealth>().IsReachableAsync(cancellationToken))
            {
                return Problem.Of(ProblemType.Unavailable, "The database does not answer.");
            }
        }
        else if (await GatewayProblemAsync(grains, cancellationToken) is { } problem)
        {
            return Problem.Of(ProblemType.Unavailable, problem);
        }

        return TypedResults.Ok(new HealthResponse("ready", node.Name));
    }

    /// <summary>Why no silo of the cluster answers this client, or null when one does.</summary>
    private static async Task<string?> GatewayProblemAsync(IGrainFactory grains, CancellationToken cancellationToken)
    {
        try
        {
            var hosts = grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true, cancellationToken);
            var active = await hosts.WaitAsync(GatewayCheckTimeout, cancellationToken);
            return active.Count > 0 ? null : "The cluster has no Active silo.";
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException)
        {
            return $"No gateway of the cluster answers: {ex.Message}";
        }
    }
}
