using Leasehold.Storage;
using Npgsql;

namespace Leasehold.Storage.Postgres;

/// <summary>Cluster secrets; insert-if-absent then read, so racing silos agree on the first one stored.</summary>
internal sealed class PostgresClusterSecretStore(PostgresDatabase database) : IClusterSecretStore
{
    public Task<byte[]> GetOrAddAsync(string name, ReadOnlyMemory<byte> candidate, CancellationToken cancellationToken)
    {
        var value = candidate.ToArray();
        var createdAt = database.UtcNow();
        // Two statements: under READ COMMITTED the SELECT takes a fresh snapshot, so it sees the row that
        // another silo's racing insert committed while this insert waited on it and then did nothing.
        var secret = new PostgresWrite<byte[]>(
            () =>
            [
                new NpgsqlBatchCommand("INSERT INTO cluster_secrets (name, value, created_at) VALUES (@name, @value, @createdAt) ON CONFLICT (name) DO NOTHING RETURNING name")
                {
                    Parameters = { new("name", name), new("value", value), new("createdAt", createdAt) },
                },
                new NpgsqlBatchCommand("SELECT value FROM cluster_secrets WHERE name = @name") { Parameters = { new("name", name) } },
            ],
            rows => (byte[])(rows.FirstOf(1) ?? throw new InvalidOperationException($"Cluster secret {name} was neither inserted nor found."))[0]);
        return database.Commits.EnqueueAsync(secret, cancellationToken);
    }
}
