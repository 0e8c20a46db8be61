using Leasehold.Diagnostics;
using Leasehold.Grains.Leases;
using Leasehold.Grains.Objects;
using Leasehold.Grains.Tokens;
using Leasehold.Runtime.Hosting;
using Leasehold.Runtime.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Leasehold.Grains;

/// <summary>Registers Leasehold's grains and their options.</summary>
public static class GrainsServiceCollectionExtensions
{
    /// <summary>
    /// Adds LeaseGrain, ObjectShardGrain and the token signer to a silo of the home-made runtime; binds <c>Leases</c> and
    /// <c>Objects</c>, validated at start.
    /// </summary>
    public static IServiceCollection AddLeaseholdGrains(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddLeaseholdGrainServices(configuration);
        services.TryAddSingleton(sp => new GrainCallDeadline(sp.GetRequiredService<IOptions<MessagingOptions>>().Value.CallTimeout, "Cluster:Messaging:CallTimeout"));
        services.AddGrain<ILeaseGrain, LeaseGrain>();
        services.AddGrain<IObjectShardGrain, ObjectShardGrain>();
        return services;
    }

    /// <summary>
    /// What the grains need on any runtime: <c>Leases</c> and <c>Objects</c> bound and validated at start, the token
    /// signer and the <c>Leasehold</c> instruments. The runtime registers the <see cref="GrainCallDeadline"/> the lease wait
    /// is checked against, and the <see cref="TimeProvider"/>.
    /// </summary>
    public static IServiceCollection AddLeaseholdGrainServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LeaseOptions>().Bind(configuration.GetSection(LeaseOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LeaseOptions>, LeaseOptionsValidator>());
        services.AddOptions<ObjectStoreOptions>().Bind(configuration.GetSection(ObjectStoreOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<TokenSigner>();
        services.AddLeaseholdInstruments();
        return services;
    }
}
