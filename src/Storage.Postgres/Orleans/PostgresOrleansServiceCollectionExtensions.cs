using Leasehold.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Orleans.Messaging;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using OrleansMembershipTable = Orleans.IMembershipTable;

namespace Leasehold.Storage.Postgres;

/// <summary>
/// Registers the PostgreSQL implementations of Orleans' interfaces. The builder extensions (<c>UseLeaseholdClustering</c>,
/// <c>AddLeaseholdGrainStorage</c>) choose between these and SQLite's; each process keeps one database (one
/// commit queue) shared by all of them. Options come from Leasehold's <c>StorageOptions</c>, the cluster id and service id
/// from Orleans' <c>ClusterOptions</c>.
/// </summary>
public static class PostgresOrleansServiceCollectionExtensions
{
    /// <summary>Orleans' membership table on PostgreSQL, for a silo.</summary>
    public static IServiceCollection AddLeaseholdPostgresMembershipTable(this IServiceCollection services)
    {
        AddDatabase(services);
        services.AddSingleton<OrleansMembershipTable, PostgresOrleansMembershipTable>();
        return services;
    }

    /// <summary>The gateway list for an Orleans client, read from the PostgreSQL membership table.</summary>
    public static IServiceCollection AddLeaseholdPostgresGatewayListProvider(this IServiceCollection services)
    {
        AddDatabase(services);
        services.AddSingleton<IGatewayListProvider, PostgresGatewayListProvider>();
        return services;
    }

    /// <summary>A named Orleans grain storage on PostgreSQL, writing state with <paramref name="serializer"/>.</summary>
    public static IServiceCollection AddLeaseholdPostgresGrainStorage(this IServiceCollection services, string name, Func<IServiceProvider, IGrainStorageSerializer> serializer)
    {
        AddDatabase(services);
        return services.AddGrainStorage(name, (provider, storageName) =>
            ActivatorUtilities.CreateInstance<PostgresOrleansGrainStorage>(provider, storageName, serializer(provider)));
    }

    /// <summary>
    /// The stores that are Leasehold's, not Orleans': the fenced objects (the fence check), the cluster secrets (the token
    /// signing key) and storage health; the schema is created before the silo starts.
    /// </summary>
    public static IServiceCollection AddLeaseholdPostgresFencedObjectStore(this IServiceCollection services)
    {
        AddDatabase(services);
        services.TryAddSingleton<IFencedObjectStore, PostgresFencedObjectStore>();
        services.TryAddSingleton<IClusterSecretStore, PostgresClusterSecretStore>();
        services.TryAddSingleton<IStorageHealth>(sp => new PostgresStorageHealth(sp.GetRequiredService<PostgresDatabase>()));
        // First among the hosted services, so the schema exists before the silo (a hosted service too) starts.
        if (!services.Any(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(PostgresStorageInitializer)))
        {
            services.Insert(0, ServiceDescriptor.Singleton<IHostedService, PostgresStorageInitializer>());
        }

        return services;
    }

    private static void AddDatabase(IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PostgresDatabase>();
    }
}
