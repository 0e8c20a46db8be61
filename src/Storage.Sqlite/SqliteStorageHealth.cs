using Leasehold.Storage;

namespace Leasehold.Storage.Sqlite;

/// <summary>Readiness: the database answers a query.</summary>
internal sealed class SqliteStorageHealth(SqliteDatabase database) : IStorageHealth
{
    public Task<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            return Task.FromResult(database.Read(connection =>
            {
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT 1 FROM schema_version LIMIT 1";
                return command.ExecuteScalar() is not null;
            }));
        }
        catch (StorageUnavailableException)
        {
            return Task.FromResult(false);
        }
    }
}
