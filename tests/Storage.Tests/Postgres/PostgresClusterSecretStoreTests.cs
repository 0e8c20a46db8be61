using Leasehold.Storage.Tests.Contracts;
using Leasehold.Storage.Tests.Providers;

namespace Leasehold.Storage.Tests.Postgres;

/// <summary>The cluster secret store contract on PostgreSQL (a fresh schema per test).</summary>
[RequiresPostgres]
public sealed class PostgresClusterSecretStoreTests : ClusterSecretStoreContract
{
    protected override async Task<ProviderUnderTest> OpenProviderAsync(int maxBatchSize) => await PostgresProviderUnderTest.OpenAsync(maxBatchSize);
}
