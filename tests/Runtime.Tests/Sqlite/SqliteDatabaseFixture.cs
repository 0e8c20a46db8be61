using Leasehold.Storage.Sqlite;
using Leasehold.Testing;

namespace Leasehold.Runtime.Tests.Sqlite;

/// <summary>One database file shared by the runs of a property; each run writes its own keys.</summary>
public sealed class SqliteDatabaseFixture : IAsyncLifetime
{
    private readonly TempDatabase _file = new();

    internal SqliteDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync() => Database = await SqliteTestDatabase.OpenAsync(_file);

    public async Task DisposeAsync()
    {
        await Database.DisposeAsync();
        _file.Dispose();
    }
}
