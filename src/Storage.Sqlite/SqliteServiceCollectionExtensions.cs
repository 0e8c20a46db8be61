using Leasehold.Runtime.Membership;
using Leasehold.Storage;
using Leasehold.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Leasehold.Storage.Sqlite;

/// <summary>Registers the SQLite providers.</summary>
public static class SqliteServiceCollectionExtensions
{
    /// <summary>
    /// Uses SQLite for grain state, fenced objects, cluster secrets and the membership table. Register before the silo so the
    /// schema exists before the first activation. Options come from <see cref="StorageOptions"/>.
    /// </summary>
    public static IServiceCollection AddSqliteStorage(this IServiceCollection services)
    {
        services.AddSingleton<SqliteDatabase>();
        services.AddSingleton<IGrainStorage, SqliteGrainStorage>();
        services.AddSingleton<IFencedObjectStore, SqliteFencedObjectStore>();
        services.AddSingleton<IClusterSecretStore, SqliteClusterSecretStore>();
        services.AddSingleton<IMembershipTable, SqliteMembershipTable>();
        services.AddSingleton<IStorageHealth>(sp => new SqliteStorageHealth(sp.GetRequiredService<SqliteDatabase>()));
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, SqliteStorageInitializer>());
        return services;
    }
}
