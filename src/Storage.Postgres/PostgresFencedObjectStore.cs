using Leasehold.Storage;
using Npgsql;

namespace Leasehold.Storage.Postgres;

/// <summary>
/// The object table. The fence check and the write are one upsert statement whose update changes the row
/// only when the incoming fence is ≥ the key's highest fence and the key belongs to the same resource. The
/// upsert locks the key's row, so a concurrent write to the key (from this silo's next batch or from
/// another silo) waits for this transaction and then re-checks the condition against what it wrote.
/// </summary>
internal sealed class PostgresFencedObjectStore(PostgresDatabase database) : IFencedObjectStore
{
    public Task<FencedWriteResult> WriteAsync(FencedWrite write, CancellationToken cancellationToken)
    {
        var value = write.Value.ToArray();
        var updatedAt = database.UtcNow();
        var fenced = new PostgresWrite<FencedWriteResult>(
            () =>
            [
                // A refused write still takes the update branch, leaving every column as it was: the row is then
                // returned as the fence check saw it (the latest committed version, locked), so the refusal's answer
                // needs no second statement. It is accepted exactly when the row now holds its resource and fence:
                // a refusal leaves a higher fence or another resource.
                new NpgsqlBatchCommand("""
                    INSERT INTO objects AS o (key, resource, fence, version, content_type, value, updated_at)
                    VALUES (@key, @resource, @fence, 1, @contentType, @value, @updatedAt)
                    ON CONFLICT (key) DO UPDATE SET
                        fence = CASE WHEN excluded.fence >= o.fence AND excluded.resource = o.resource THEN excluded.fence ELSE o.fence END,
                        version = CASE WHEN excluded.fence >= o.fence AND excluded.resource = o.resource THEN o.version + 1 ELSE o.version END,
                        content_type = CASE WHEN excluded.fence >= o.fence AND excluded.resource = o.resource THEN excluded.content_type ELSE o.content_type END,
                        value = CASE WHEN excluded.fence >= o.fence AND excluded.resource = o.resource THEN excluded.value ELSE o.value END,
                        updated_at = CASE WHEN excluded.fence >= o.fence AND excluded.resource = o.resource THEN excluded.updated_at ELSE o.updated_at END
                    RETURNING resource, fence, version
                    """)
                {
                    Parameters =
                    {
                        new("key", write.Key),
                        new("resource", write.Resource),
                        new("fence", write.Fence),
                        new("contentType", write.ContentType),
                        new("value", value),
                        new("updatedAt", updatedAt),
                    },
                },
            ],
            rows =>
            {
                var row = rows.FirstOf(0) ?? throw new InvalidOperationException($"The upsert of object {write.Key} returned no row.");
                var (resource, fence, version) = ((string)row[0], (long)row[1], (long)row[2]);
                var outcome = resource != write.Resource ? FencedWriteOutcome.WrongResource
                    : fence != write.Fence ? FencedWriteOutcome.StaleFence
                    : FencedWriteOutcome.Accepted;
                return new FencedWriteResult(outcome, version, fence, resource);
            });
        return database.Commits.EnqueueAsync(fenced, cancellationToken);
    }

    public Task<FencedObject?> ReadAsync(string key, CancellationToken cancellationToken) =>
        database.ReadAsync(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT resource, fence, version, value, content_type, updated_at FROM objects WHERE key = @key";
            command.Parameters.AddWithValue("key", key);
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            return await reader.ReadAsync(ct).ConfigureAwait(false)
                ? new FencedObject(key, reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetFieldValue<byte[]>(3), reader.GetString(4),
                    reader.GetFieldValue<DateTimeOffset>(5))
                : null;
        }, cancellationToken);
}
