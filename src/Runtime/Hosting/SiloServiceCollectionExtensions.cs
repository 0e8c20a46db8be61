using Leasehold.Runtime.Activation;
using Leasehold.Runtime.Invocation;
using Leasehold.Runtime.Membership;
using Leasehold.Runtime.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Leasehold.Runtime.Hosting;

/// <summary>Registers a silo's runtime in a host.</summary>
public static class SiloServiceCollectionExtensions
{
    /// <summary>
    /// Adds the runtime of one silo: grain factory, activations, call routing, membership and the
    /// silo lifecycle. Options come from the <c>Cluster</c> section and are validated at start.
    /// </summary>
    public static IServiceCollection AddLeaseholdSilo(this IServiceCollection services, IConfiguration configuration)
    {
        var cluster = configuration.GetSection(ClusterOptions.Section);
        services.AddOptions<ClusterOptions>().Bind(cluster).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ClusterOptions>, ClusterOptionsValidator>();
        services.AddOptions<MessagingOptions>().Bind(cluster.GetSection("Messaging")).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ActivationOptions>().Bind(cluster.GetSection("Activation")).ValidateDataAnnotations().ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<GrainTypeRegistry>();
        services.TryAddSingleton<ActivationDirectory>();
        services.TryAddSingleton<IGrainCallRouter, GrainCallRouter>();
        services.TryAddSingleton<IGrainFactory, GrainFactory>();
        services.TryAddSingleton<SingleSiloMembership>();
        services.TryAddSingleton<IMembershipView>(sp => sp.GetRequiredService<SingleSiloMembership>());
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
