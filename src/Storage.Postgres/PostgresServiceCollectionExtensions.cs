using Leasehold.Runtime.Membership;
using Leasehold.Storage;
using Leasehold.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Leasehold.Storage.Postgres;

/// <summary>Registers the PostgreSQL providers.</summary>
public static class PostgresServiceCollectionExtensions
{
    /// <summary>
    /// Uses PostgreSQL for grain state, fenced objects, cluster secrets and the membership table, so silos on
    /// several machines share one database. Register before the silo so the schema exists before the first
    /// activation. Options come from <see cref="StorageOptions"/>; the connection string is Npgsql's
    /// (<c>Host=...;Username=...;Password=...;Database=...</c>).
    /// </summary>
    public static IServiceCollection AddPostgresStorage(this IServiceCollection services)
    {
        services.AddSingleton<PostgresDatabase>();
        services.AddSingleton<IGrainStorage, PostgresGrainStorage>();
        services.AddSingleton<IFencedObjectStore, PostgresFencedObjectStore>();
        services.AddSingleton<IClusterSecretStore, PostgresClusterSecretStore>();
        services.AddSingleton<IMembershipTable, PostgresMembershipTable>();
        services.AddSingleton<IStorageHealth>(sp => new PostgresStorageHealth(sp.GetRequiredService<PostgresDatabase>()));
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, PostgresStorageInitializer>());
        return services;
    }
}
