using Leasehold.Storage.Sqlite;
using Leasehold.Storage;
using Leasehold.Testing;
using Microsoft.Extensions.Options;

namespace Leasehold.Runtime.Tests.Sqlite;

/// <summary>Opens a <see cref="SqliteDatabase"/> on a test file, as the storage initializer does at silo start.</summary>
internal static class SqliteTestDatabase
{
    public static async Task<SqliteDatabase> OpenAsync(TempDatabase file, int maxBatchSize = 256)
    {
        var options = Options.Create(new StorageOptions { ConnectionString = file.ConnectionString, MaxBatchSize = maxBatchSize });
        var database = new SqliteDatabase(options, TimeProvider.System);
        await database.InitializeAsync(CancellationToken.None);
        return database;
    }
}
