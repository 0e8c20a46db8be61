using Leasehold.Storage;

namespace Leasehold.Storage.Postgres;

/// <summary>Readiness: the database answers a query.</summary>
internal sealed class PostgresStorageHealth(PostgresDatabase database) : IStorageHealth
{
    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await database.ReadAsync(async (connection, ct) =>
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT 1 FROM schema_version LIMIT 1";
                return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) is not null;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageUnavailableException)
        {
            return false;
        }
    }
}
