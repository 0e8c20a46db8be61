using Leasehold.Storage.Tests.Contracts;
using Leasehold.Storage.Tests.Providers;

namespace Leasehold.Storage.Tests.Sqlite;

/// <summary>The group commit contract on SQLite.</summary>
public sealed class SqliteGroupCommitTests : GroupCommitContract
{
    protected override async Task<ProviderUnderTest> OpenProviderAsync(int maxBatchSize) => await SqliteProviderUnderTest.OpenAsync(maxBatchSize);
}
