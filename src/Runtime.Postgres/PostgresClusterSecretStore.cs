using Leasehold.Runtime.Storage;

namespace Leasehold.Runtime.Postgres;

/// <summary>Cluster secrets; insert-if-absent then read, so racing silos agree on the first one stored.</summary>
internal sealed class PostgresClusterSecretStore(PostgresDatabase database) : IClusterSecretStore
{
    public Task<byte[]> GetOrAddAsync(string name, ReadOnlyMemory<byte> candidate, CancellationToken cancellationToken)
    {
        var value = candidate.ToArray();
        var createdAt = database.UtcNow();
        return database.Commits.EnqueueAsync(async connection =>
        {
            // Two statements: under READ COMMITTED the SELECT takes a fresh snapshot, so it sees the row that
            // another silo's racing insert committed while this insert waited on it and then did nothing.
            await using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO cluster_secrets (name, value, created_at) VALUES (@name, @value, @createdAt) ON CONFLICT (name) DO NOTHING;
                SELECT value FROM cluster_secrets WHERE name = @name;
                """;
            command.Parameters.AddWithValue("name", name);
            command.Parameters.AddWithValue("value", value);
            command.Parameters.AddWithValue("createdAt", createdAt);
            return (byte[])(await command.ExecuteScalarAsync().ConfigureAwait(false))!;
        }, cancellationToken);
    }
}
