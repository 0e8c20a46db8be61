using Leasehold.Storage;

namespace Leasehold.Storage.Sqlite;

/// <summary>Cluster secrets; insert-if-absent then read, so racing silos agree on the first one stored.</summary>
internal sealed class SqliteClusterSecretStore(SqliteDatabase database) : IClusterSecretStore
{
    public async Task<byte[]> GetOrAddAsync(string name, ReadOnlyMemory<byte> candidate, CancellationToken cancellationToken)
    {
        var value = candidate.ToArray();
        var createdAt = database.UtcNowText();
        return await database.Commits.EnqueueAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO cluster_secrets (name, value, created_at) VALUES ($name, $value, $createdAt) ON CONFLICT (name) DO NOTHING;
                SELECT value FROM cluster_secrets WHERE name = $name;
                """;
            command.Parameters.AddWithValue("$name", name);
            command.Parameters.AddWithValue("$value", value);
            command.Parameters.AddWithValue("$createdAt", createdAt);
            return (byte[])command.ExecuteScalar()!;
        }, cancellationToken).ConfigureAwait(false);
    }
}
