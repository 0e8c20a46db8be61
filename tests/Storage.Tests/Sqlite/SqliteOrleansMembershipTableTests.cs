using Leasehold.Storage.Tests.Contracts;
using Leasehold.Storage.Tests.Providers;

namespace Leasehold.Storage.Tests.Sqlite;

/// <summary>The Orleans membership table contract on SQLite.</summary>
public sealed class SqliteOrleansMembershipTableTests : OrleansMembershipTableContract
{
    protected override async Task<ProviderUnderTest> OpenProviderAsync(int maxBatchSize) => await SqliteProviderUnderTest.OpenAsync(maxBatchSize);
}
