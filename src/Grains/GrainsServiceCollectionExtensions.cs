using Leasehold.Grains.Leases;
using Leasehold.Grains.Objects;
using Leasehold.Grains.Tokens;
using Leasehold.Runtime.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Leasehold.Grains;

/// <summary>Registers Leasehold's grains and their options.</summary>
public static class GrainsServiceCollectionExtensions
{
    /// <summary>Adds LeaseGrain, ObjectShardGrain and the token signer; binds <c>Leases</c> and <c>Objects</c>, validated at start.</summary>
    public static IServiceCollection AddLeaseholdGrains(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LeaseOptions>().Bind(configuration.GetSection(LeaseOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<LeaseOptions>, LeaseOptionsValidator>();
        services.AddOptions<ObjectStoreOptions>().Bind(configuration.GetSection(ObjectStoreOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<TokenSigner>();
        services.AddGrain<ILeaseGrain, LeaseGrain>();
        services.AddGrain<IObjectShardGrain, ObjectShardGrain>();
        return services;
    }
}
