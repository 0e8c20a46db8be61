using System.Diagnostics.Metrics;
using Leasehold.Diagnostics;
using Leasehold.Grains.Cluster;
using Leasehold.Grains.Leases;
using Leasehold.Grains.Objects;
using Leasehold.Grains.Tokens;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;

namespace Leasehold.Grains;

/// <summary>Registers what Leasehold's grains need in an Orleans silo (the grain classes Orleans finds by itself).</summary>
public static class GrainsServiceCollectionExtensions
{
    /// <summary>
    /// Options (<c>Leases</c>, <c>Objects</c>), token signing and the <c>Leasehold</c> instruments (membership's too); the lease
    /// wait is checked against Orleans' <c>SiloMessagingOptions.ResponseTimeout</c>; the silo report grain's placement (on the
    /// silo its key names). Storage is the caller's: a grain storage named
    /// <see cref="LeaseholdGrainStorage.Name"/> and an <c>IFencedObjectStore</c> with an <c>IClusterSecretStore</c>.
    /// </summary>
    public static IServiceCollection AddLeaseholdGrains(this IServiceCollection services, IConfiguration configuration)
    {
        // Before the grain services (which add the instruments on the default clock): on the lease grain's clock (Orleans'
        // grains area), so the held leases it lists run out when the grain's do.
        services.TryAddSingleton(sp => new LeaseholdInstruments(
            sp.GetService<IMeterFactory>(), sp.GetKeyedService<TimeProvider>(TimeProviderNames.Grains) ?? sp.GetRequiredService<TimeProvider>()));
        services.AddLeaseholdGrainServices(configuration);
        services.AddLeaseholdMembershipInstruments();
        if (!services.Any(d => d.IsKeyedService && Equals(d.ServiceKey, typeof(SiloPlacement))))
        {
            services.AddPlacementDirector<SiloPlacement, SiloPlacementDirector>();
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new GrainCallDeadline(
            sp.GetRequiredService<IOptions<SiloMessagingOptions>>().Value.ResponseTimeout, "Cluster:Messaging:CallTimeout (Orleans' SiloMessagingOptions.ResponseTimeout)"));
        return services;
    }

    /// <summary>
    /// What the grains need besides their silo: <c>Leases</c> and <c>Objects</c> bound and validated at start, the token
    /// signer and the <c>Leasehold</c> instruments. <see cref="AddLeaseholdGrains"/> adds the <see cref="GrainCallDeadline"/>
    /// the lease wait is checked against, and the <see cref="TimeProvider"/>.
    /// </summary>
    internal static IServiceCollection AddLeaseholdGrainServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LeaseOptions>().Bind(configuration.GetSection(LeaseOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LeaseOptions>, LeaseOptionsValidator>());
        services.AddOptions<ObjectStoreOptions>().Bind(configuration.GetSection(ObjectStoreOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<TokenSigner>();
        services.AddLeaseholdInstruments();
        services.TryAddSingleton<DurableStates>();
        return services;
    }
}
