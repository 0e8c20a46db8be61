using Leasehold.Storage.Tests.Contracts;
using Leasehold.Storage.Tests.Providers;

namespace Leasehold.Storage.Tests.Postgres;

/// <summary>The fenced object store contract on PostgreSQL (a fresh schema per test).</summary>
[RequiresPostgres]
public sealed class PostgresFencedObjectStoreTests : FencedObjectStoreContract
{
    protected override async Task<ProviderUnderTest> OpenProviderAsync(int maxBatchSize) => await PostgresProviderUnderTest.OpenAsync(maxBatchSize);
}
