using Leasehold.Storage.Tests.Contracts;
using Leasehold.Storage.Tests.Providers;

namespace Leasehold.Storage.Tests.Sqlite;

/// <summary>The Orleans grain storage contract on SQLite.</summary>
public sealed class SqliteOrleansGrainStorageTests : OrleansGrainStorageContract
{
    protected override async Task<ProviderUnderTest> OpenProviderAsync(int maxBatchSize) => await SqliteProviderUnderTest.OpenAsync(maxBatchSize);
}
