using System.Diagnostics.Metrics;
using Leasehold.Diagnostics;
using Leasehold.Grains.Leases;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;

namespace Leasehold.Grains;

/// <summary>Registers what Leasehold's grains need in an Orleans silo (the grain classes Orleans finds by itself).</summary>
public static class OrleansGrainsServiceCollectionExtensions
{
    /// <summary>
    /// Options (<c>Leases</c>, <c>Objects</c>), token signing and the <c>Leasehold</c> instruments; the lease wait is checked
    /// against Orleans' <c>SiloMessagingOptions.ResponseTimeout</c>. Storage is the caller's: a grain storage named
    /// <see cref="LeaseholdGrainStorage.Name"/> and an <c>IFencedObjectStore</c> with an <c>IClusterSecretStore</c>.
    /// </summary>
    public static IServiceCollection AddLeaseholdOrleansGrains(this IServiceCollection services, IConfiguration configuration)
    {
        // Before the grain services (which add the instruments on the default clock): on the lease grain's clock (Orleans'
        // grains area), so the held leases it lists run out when the grain's do.
        services.TryAddSingleton(sp => new LeaseholdInstruments(
            sp.GetService<IMeterFactory>(), sp.GetKeyedService<TimeProvider>(TimeProviderNames.Grains) ?? sp.GetRequiredService<TimeProvider>()));
        services.AddLeaseholdGrainServices(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new GrainCallDeadline(
            sp.GetRequiredService<IOptions<SiloMessagingOptions>>().Value.ResponseTimeout, "Cluster:Messaging:CallTimeout (Orleans' SiloMessagingOptions.ResponseTimeout)"));
        // Orleans finds grain classes in every referenced assembly; the home-made runtime's twins (src/Grains) implement
        // the same interfaces and must not be registered beside these until they are deleted (issue 13).
        var homeMade = typeof(GrainsServiceCollectionExtensions).Assembly;
        services.PostConfigure<GrainTypeOptions>(o => o.Classes.RemoveWhere(type => type.Assembly == homeMade));
        return services;
    }
}
