using Leasehold.Api.Cluster;
using Leasehold.Api.Contracts;
using Leasehold.Api.Security;
using Leasehold.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;

namespace Leasehold.Api.Apis;

/// <summary>The cluster route: the silos in Orleans' membership table, as the cluster reads it now.</summary>
public static class ClusterApi
{
    public static IEndpointRouteBuilder MapClusterApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/v1/cluster").WithTags("Cluster").RequireAuthorization(Policies.Read).ProducesAuthProblems()
            .MapGet(string.Empty, GetAsync)
            .WithName("getCluster")
            .WithSummary("Silos, their status and this silo's membership version")
            .WithDescription(
                "Every silo in the membership table, freshly read, with its status, start time and last heartbeat; and the " +
                "version of the answering silo's membership view (0 from an API that is a cluster client). A Dead silo whose " +
                "last heartbeat (or the last vote on it) is older than `Cluster:DeadSiloDisplayAge` (default 1 h) is left out " +
                "and counted in `hiddenDeadSilos`. Fencing does not rest " +
                "on it: two silos may briefly disagree about who is alive, and the store's fence check is what keeps a deposed " +
                "holder's writes out.");
        return app;
    }

    internal static async Task<Ok<ClusterResponse>> GetAsync(IGrainFactory grains, LocalNode node, IServiceProvider services, IOptions<LeaseholdClusterOptions> cluster, TimeProvider time)
    {
        var entries = await grains.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: false);
        var version = services.GetService<IClusterMembershipService>()?.CurrentSnapshot.Version.Value ?? 0;
        var (shown, hidden) = DeadSiloDisplay.Select(entries, time.GetUtcNow(), cluster.Value.DeadSiloDisplayAge);
        var silos = shown
            .Select(e => new SiloResponse(
                e.SiloAddress.Endpoint.ToString(), e.SiloAddress.Generation, e.Status.ToString(),
                new DateTimeOffset(DateTime.SpecifyKind(e.StartTime, DateTimeKind.Utc)),
                new DateTimeOffset(DateTime.SpecifyKind(e.IAmAliveTime, DateTimeKind.Utc))))
            .ToList();
        return TypedResults.Ok(new ClusterResponse(version, node.Name, silos, hidden));
    }
}
