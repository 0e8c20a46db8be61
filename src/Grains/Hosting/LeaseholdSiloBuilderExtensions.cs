using Leasehold.Grains;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using Orleans.Serialization;
using Orleans.Storage;

namespace Leasehold.Hosting;

/// <summary>
/// Leasehold's SQLite and PostgreSQL stores under an Orleans silo: the membership table and named grain storage, on the
/// database that <c>Storage:Provider</c> and <c>Storage:ConnectionString</c> name. Every provider of one silo shares one
/// database and its group commit.
/// </summary>
public static class LeaseholdSiloBuilderExtensions
{
    /// <summary>
    /// Adds Leasehold to a silo you own: the lease and object grains, their grain storage (named
    /// <see cref="LeaseholdGrainStorage.Name"/>), the fenced object store and the token signing key, on the database of
    /// <paramref name="configuration"/>'s <c>Storage</c> section, with <c>Leases</c> and <c>Objects</c> bound and validated at
    /// start. It does not choose clustering, so it drops into any Orleans cluster (an <c>InProcessTestCluster</c> too);
    /// <see cref="UseLeaseholdClustering"/> is that call, on the same database.
    /// </summary>
    public static ISiloBuilder AddLeasehold(this ISiloBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var provider = LeaseholdStorageConfiguration.Bind(builder.Services, configuration);
        builder.AddLeaseholdGrainStorage(LeaseholdGrainStorage.Name, configuration);
        provider.AddFencedObjectStore(builder.Services);
        builder.Services.AddLeaseholdGrains(configuration);
        return builder;
    }

    /// <summary>
    /// Uses Leasehold's membership table for clustering: <c>orleans_membership</c> in the SQLite file (several processes on
    /// one machine can share it) or the PostgreSQL database. The cluster is Orleans' <c>ClusterOptions.ClusterId</c>.
    /// </summary>
    public static ISiloBuilder UseLeaseholdClustering(this ISiloBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        LeaseholdStorageConfiguration.Bind(builder.Services, configuration).AddMembershipTable(builder.Services);
        return builder;
    }

    /// <summary>
    /// Adds a grain storage named <paramref name="name"/> (for <c>[PersistentState("state", name)]</c>) on the database of
    /// <paramref name="configuration"/>'s <c>Storage</c> section: ETags are row counters, a stale one throws
    /// <see cref="InconsistentStateException"/>, and a write is acknowledged only once it is durable.
    /// </summary>
    public static ISiloBuilder AddLeaseholdGrainStorage(this ISiloBuilder builder, string name, IConfiguration configuration, Action<LeaseholdGrainStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var provider = LeaseholdStorageConfiguration.Bind(builder.Services, configuration);
        var options = builder.Services.AddOptions<LeaseholdGrainStorageOptions>(name);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.PostConfigure<Serializer>((o, serializer) => o.GrainStorageSerializer ??= new OrleansGrainStorageSerializer(serializer));
        Func<IServiceProvider, IGrainStorageSerializer> serializerOf = services =>
            services.GetRequiredService<IOptionsMonitor<LeaseholdGrainStorageOptions>>().Get(name).GrainStorageSerializer;
        provider.AddGrainStorage(builder.Services, name, serializerOf);
        return builder;
    }
}
