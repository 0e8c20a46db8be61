using Leasehold.Api.Contracts;
using Leasehold.Api.Security;
using Leasehold.Runtime.Membership;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Leasehold.Api.Apis;

/// <summary>The cluster route: the membership view of the silo that answers.</summary>
public static class ClusterApi
{
    public static IEndpointRouteBuilder MapClusterApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/v1/cluster").WithTags("Cluster").RequireAuthorization(Policies.Read).ProducesAuthProblems()
            .MapGet(string.Empty, Get)
            .WithName("getCluster")
            .WithSummary("Silos, their status and this silo's membership version")
            .WithDescription(
                "The membership view of the silo that answers. Fencing does not rest on it: two silos may briefly disagree about " +
                "who is alive, and the store's fence check is what keeps a deposed holder's writes out.");
        return app;
    }

    internal static Ok<ClusterResponse> Get(IMembershipView membership)
    {
        var view = membership.Current;
        var silos = view.Silos
            .Select(s => new SiloResponse(s.Address.Endpoint.ToString(), s.Address.Generation, s.Status.ToString(), s.StartedAtUtc, s.IAmAliveAtUtc))
            .ToList();
        return TypedResults.Ok(new ClusterResponse(view.Version, membership.LocalSilo.ToString(), silos));
    }
}
