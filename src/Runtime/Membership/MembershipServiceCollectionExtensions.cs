using Leasehold.Runtime.Faults;
using Leasehold.Runtime.Hosting;
using Leasehold.Runtime.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Leasehold.Runtime.Membership;

/// <summary>Registers cluster membership in a host.</summary>
public static class MembershipServiceCollectionExtensions
{
    /// <summary>The configuration section of <see cref="MembershipOptions"/>.</summary>
    public const string Section = "Cluster:Membership";

    /// <summary>
    /// Adds <see cref="ClusterMembershipService"/> as this silo's <see cref="IMembershipView"/>, with
    /// <see cref="MembershipOptions"/> bound from <c>Cluster:Membership</c> and validated at start. The host
    /// still provides an <see cref="IMembershipTable"/> (e.g. <c>AddSqliteStorage</c>) and an
    /// <see cref="ISiloProber"/>, and calls <see cref="ClusterMembershipService.JoinAsync"/> and
    /// <see cref="ClusterMembershipService.LeaveAsync"/>. Unless one is registered, fail-stop stops the host.
    /// </summary>
    public static IServiceCollection AddClusterMembership(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MembershipOptions>().Bind(configuration.GetSection(Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<MembershipOptions>, MembershipOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ISiloFailStop, HostFailStop>();

        // One identity per silo: where the transport is composed, the silo is the endpoint its socket bound
        // (with Cluster:SiloPort=0 the port is only known there) and the generation its listener announces.
        services.TryAddSingleton(sp =>
        {
            // The prober's connections announce this view's version, so the prober depends on this service:
            // resolve it at the first probe (during JoinAsync), not while this service is being composed.
            var prober = new DeferredSiloProber(sp.GetRequiredService<ISiloProber>);
            var (table, failStop) = (sp.GetRequiredService<IMembershipTable>(), sp.GetRequiredService<ISiloFailStop>());
            var (options, cluster) = (sp.GetRequiredService<IOptions<MembershipOptions>>(), sp.GetRequiredService<IOptions<ClusterOptions>>());
            var (time, logger) = (sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ClusterMembershipService>>());
            var service = sp.GetService<SiloEndpoint>() is { } endpoint
                ? new ClusterMembershipService(endpoint.Address, table, prober, failStop, options, cluster, time, logger)
                : new ClusterMembershipService(table, prober, failStop, options, cluster, time, logger);
            service.Pause = sp.GetService<SiloPause>();
            return service;
        });

        // TryAdd: a host (or test) that registered its own view first keeps it.
        services.TryAddSingleton<IMembershipView>(sp => sp.GetRequiredService<ClusterMembershipService>());
        return services;
    }
}
