using Leasehold.Storage.Postgres;
using Leasehold.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Leasehold.Hosting;

/// <summary>
/// The database <c>Storage:Provider</c> names, as the registrations of its Orleans providers: chosen once by
/// <see cref="LeaseholdStorageConfiguration.Bind"/>, so each hosting call says what it adds, not which database it is on.
/// </summary>
internal abstract class LeaseholdStorageProvider
{
    public static readonly LeaseholdStorageProvider Sqlite = new SqliteProvider();

    public static readonly LeaseholdStorageProvider Postgres = new PostgresProvider();

    public abstract void AddMembershipTable(IServiceCollection services);

    public abstract void AddGatewayListProvider(IServiceCollection services);

    public abstract void AddGrainStorage(IServiceCollection services, string name, Func<IServiceProvider, IGrainStorageSerializer> serializerOf);

    public abstract void AddFencedObjectStore(IServiceCollection services);

    private sealed class SqliteProvider : LeaseholdStorageProvider
    {
        public override void AddMembershipTable(IServiceCollection services) => services.AddLeaseholdSqliteMembershipTable();

        public override void AddGatewayListProvider(IServiceCollection services) => services.AddLeaseholdSqliteGatewayListProvider();

        public override void AddGrainStorage(IServiceCollection services, string name, Func<IServiceProvider, IGrainStorageSerializer> serializerOf) =>
            services.AddLeaseholdSqliteGrainStorage(name, serializerOf);

        public override void AddFencedObjectStore(IServiceCollection services) => services.AddLeaseholdSqliteFencedObjectStore();
    }

    private sealed class PostgresProvider : LeaseholdStorageProvider
    {
        public override void AddMembershipTable(IServiceCollection services) => services.AddLeaseholdPostgresMembershipTable();

        public override void AddGatewayListProvider(IServiceCollection services) => services.AddLeaseholdPostgresGatewayListProvider();

        public override void AddGrainStorage(IServiceCollection services, string name, Func<IServiceProvider, IGrainStorageSerializer> serializerOf) =>
            services.AddLeaseholdPostgresGrainStorage(name, serializerOf);

        public override void AddFencedObjectStore(IServiceCollection services) => services.AddLeaseholdPostgresFencedObjectStore();
    }
}
