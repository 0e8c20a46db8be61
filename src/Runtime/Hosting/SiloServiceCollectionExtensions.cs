using System.Diagnostics.Metrics;
using Leasehold.Runtime.Activation;
using Leasehold.Runtime.Diagnostics;
using Leasehold.Runtime.Invocation;
using Leasehold.Runtime.Faults;
using Leasehold.Runtime.Membership;
using Leasehold.Runtime.Messaging;
using Leasehold.Runtime.Placement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Leasehold.Runtime.Hosting;

/// <summary>Registers a silo's runtime in a host.</summary>
public static class SiloServiceCollectionExtensions
{
    /// <summary>
    /// Adds the runtime of one silo: grain factory, activations, call routing over TCP to the other silos,
    /// membership (the host also registers an <see cref="IMembershipTable"/>, e.g. with AddSqliteStorage),
    /// placement, the fault controller and the silo lifecycle. Options come from the <c>Cluster</c> section
    /// and are validated at start.
    /// </summary>
    public static IServiceCollection AddLeaseholdSilo(this IServiceCollection services, IConfiguration configuration)
    {
        var cluster = configuration.GetSection(ClusterOptions.Section);
        services.AddOptions<ClusterOptions>().Bind(cluster).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ClusterOptions>, ClusterOptionsValidator>();
        services.AddOptions<MessagingOptions>().Bind(cluster.GetSection("Messaging")).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ActivationOptions>().Bind(cluster.GetSection("Activation")).ValidateDataAnnotations().ValidateOnStart();

        services.TryAddSingleton<TimeProvider>(new SiloClock(TimeProvider.System));
        services.TryAddSingleton<SiloPause>();
        services.TryAddSingleton<NetworkFaults>();
        services.TryAddSingleton<GrainTypeRegistry>();
        services.TryAddSingleton<ActivationDirectory>();
        services.TryAddSingleton<SiloEndpoint>();
        services.TryAddSingleton<WireSerializer>();
        services.TryAddSingleton(sp => new ClusterSecret(sp.GetRequiredService<IOptions<ClusterOptions>>(), sp));
        services.TryAddSingleton<SiloConnections>();
        services.TryAddSingleton<GrainCallRouter>();
        services.TryAddSingleton<IGrainCallRouter>(sp => sp.GetRequiredService<GrainCallRouter>());
        services.TryAddSingleton<IncomingCalls>();
        services.TryAddSingleton<ISiloProber, SiloProber>();
        services.AddHostedService<SiloListener>();
        services.TryAddSingleton<IGrainFactory, GrainFactory>();
        services.AddClusterMembership(configuration);
        services.TryAddSingleton<OwnershipWatcher>();
        services.TryAddSingleton(sp => new FaultController(
            sp.GetRequiredService<ClusterMembershipService>(), sp.GetRequiredService<SiloConnections>(),
            sp.GetRequiredService<SiloEndpoint>(), sp.GetRequiredService<ActivationDirectory>(),
            sp.GetRequiredService<SiloPause>(), sp.GetRequiredService<NetworkFaults>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new RuntimeInstruments(
            sp.GetService<IMeterFactory>(), sp.GetRequiredService<IMembershipView>(), sp.GetRequiredService<ActivationDirectory>()));
        services.AddHostedService<SiloLifecycle>();
        return services;
    }

    /// <summary>Registers <typeparamref name="TGrain"/> as the implementation of grain interface <typeparamref name="TInterface"/>.</summary>
    public static IServiceCollection AddGrain<TInterface, TGrain>(this IServiceCollection services)
        where TInterface : IGrainWithStringKey
        where TGrain : Grain, TInterface
    {
        services.AddSingleton(new GrainRegistration(typeof(TInterface), typeof(TGrain)));
        return services;
    }
}
