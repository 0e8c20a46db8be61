using Leasehold.Storage.Tests.Contracts;
using Leasehold.Storage.Tests.Providers;

namespace Leasehold.Storage.Tests.Sqlite;

/// <summary>The fenced object store contract on SQLite.</summary>
public sealed class SqliteFencedObjectStoreTests : FencedObjectStoreContract
{
    protected override async Task<ProviderUnderTest> OpenProviderAsync(int maxBatchSize) => await SqliteProviderUnderTest.OpenAsync(maxBatchSize);
}
