using Leasehold.Storage.Tests.Contracts;
using Leasehold.Storage.Tests.Providers;

namespace Leasehold.Storage.Tests.Postgres;

/// <summary>The fenced delete, listing and precondition contract on PostgreSQL (a fresh schema per test).</summary>
[RequiresPostgres]
public sealed class PostgresFencedDeleteTests : FencedDeleteContract
{
    protected override async Task<ProviderUnderTest> OpenProviderAsync(int maxBatchSize) => await PostgresProviderUnderTest.OpenAsync(maxBatchSize);
}
