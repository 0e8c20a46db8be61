using Leasehold.Testing;
using Leasehold.NodeCluster;

namespace Leasehold.Cluster.Tests;

/// <summary>Starts a test's cluster on the provider its theory row names, so one test body runs on both.</summary>
public static class TestClusterStorage
{
    /// <summary>The default temporary SQLite file, or a fresh schema on the PostgreSQL server the tests are given.</summary>
    public static TestClusterBuilder On(this TestClusterBuilder builder, StorageProvider storage) =>
        storage == StorageProvider.Postgres ? builder.UsePostgres(PostgresServer.RequiredConnectionString) : builder;
}
