using Leasehold.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Orleans.Messaging;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using OrleansMembershipTable = Orleans.IMembershipTable;

namespace Leasehold.Storage.Sqlite;

/// <summary>
/// Registers the SQLite implementations of Orleans' interfaces. The builder extensions (<c>UseLeaseholdClustering</c>,
/// <c>AddLeaseholdGrainStorage</c>) choose between these and PostgreSQL's; each process keeps one database (one
/// commit queue) shared by all of them. Options come from Leasehold's <c>StorageOptions</c>, the cluster id and service id
/// from Orleans' <c>ClusterOptions</c>.
/// </summary>
public static class SqliteOrleansServiceCollectionExtensions
{
    /// <summary>Orleans' membership table on SQLite, for a silo.</summary>
    public static IServiceCollection AddLeaseholdSqliteMembershipTable(this IServiceCollection services)
    {
        AddDatabase(services);
        services.AddSingleton<OrleansMembershipTable, SqliteOrleansMembershipTable>();
        return services;
    }

    /// <summary>The gateway list for an Orleans client, read from the SQLite membership table.</summary>
    public static IServiceCollection AddLeaseholdSqliteGatewayListProvider(this IServiceCollection services)
    {
        AddDatabase(services);
        services.AddSingleton<IGatewayListProvider, SqliteGatewayListProvider>();
        return services;
    }

    /// <summary>A named Orleans grain storage on SQLite, writing state with <paramref name="serializer"/>.</summary>
    public static IServiceCollection AddLeaseholdSqliteGrainStorage(this IServiceCollection services, string name, Func<IServiceProvider, IGrainStorageSerializer> serializer)
    {
        AddDatabase(services);
        return services.AddGrainStorage(name, (provider, storageName) =>
            ActivatorUtilities.CreateInstance<SqliteOrleansGrainStorage>(provider, storageName, serializer(provider)));
    }

    /// <summary>
    /// The stores that are Leasehold's, not Orleans': the fenced objects (the fence check), the cluster secrets (the token
    /// signing key) and storage health; the schema is created before the silo starts.
    /// </summary>
    public static IServiceCollection AddLeaseholdSqliteFencedObjectStore(this IServiceCollection services)
    {
        AddDatabase(services);
        services.TryAddSingleton<IFencedObjectStore, SqliteFencedObjectStore>();
        services.TryAddSingleton<IClusterSecretStore, SqliteClusterSecretStore>();
        services.TryAddSingleton<IStorageHealth>(sp => new SqliteStorageHealth(sp.GetRequiredService<SqliteDatabase>()));
        // First among the hosted services, so the schema exists before the silo (a hosted service too) starts.
        if (!services.Any(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(SqliteStorageInitializer)))
        {
            services.Insert(0, ServiceDescriptor.Singleton<IHostedService, SqliteStorageInitializer>());
        }

        return services;
    }

    private static void AddDatabase(IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SqliteDatabase>();
    }
}
