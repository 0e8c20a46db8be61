using Leasehold.Runtime.Storage;

namespace Leasehold.Runtime.Postgres;

/// <summary>
/// The object table. The fence check and the write are one upsert statement whose update applies only
/// when the incoming fence is ≥ the key's highest fence and the key belongs to the same resource. The
/// upsert locks the key's row, so a concurrent write to the key (from this silo's next batch or from
/// another silo) waits for this transaction and then re-checks the condition against what it wrote.
/// </summary>
internal sealed class PostgresFencedObjectStore(PostgresDatabase database) : IFencedObjectStore
{
    public Task<FencedWriteResult> WriteAsync(FencedWrite write, CancellationToken cancellationToken)
    {
        var value = write.Value.ToArray();
        var updatedAt = database.UtcNow();
        return database.Commits.EnqueueAsync(async connection =>
        {
            await using (var upsert = connection.CreateCommand())
            {
                upsert.CommandText = """
                    INSERT INTO objects AS o (key, resource, fence, version, content_type, value, updated_at)
                    VALUES (@key, @resource, @fence, 1, @contentType, @value, @updatedAt)
                    ON CONFLICT (key) DO UPDATE SET
                        fence = excluded.fence,
                        version = o.version + 1,
                        content_type = excluded.content_type,
                        value = excluded.value,
                        updated_at = excluded.updated_at
                    WHERE excluded.fence >= o.fence AND excluded.resource = o.resource
                    RETURNING version, fence
                    """;
                upsert.Parameters.AddWithValue("key", write.Key);
                upsert.Parameters.AddWithValue("resource", write.Resource);
                upsert.Parameters.AddWithValue("fence", write.Fence);
                upsert.Parameters.AddWithValue("contentType", write.ContentType);
                upsert.Parameters.AddWithValue("value", value);
                upsert.Parameters.AddWithValue("updatedAt", updatedAt);
                await using var written = await upsert.ExecuteReaderAsync().ConfigureAwait(false);
                if (await written.ReadAsync().ConfigureAwait(false))
                {
                    return new FencedWriteResult(FencedWriteOutcome.Accepted, written.GetInt64(0), written.GetInt64(1), write.Resource);
                }
            }

            // Refused: report what the key holds. The refused upsert still locked the row, so this reads what the check saw.
            await using var current = connection.CreateCommand();
            current.CommandText = "SELECT resource, fence, version FROM objects WHERE key = @key";
            current.Parameters.AddWithValue("key", write.Key);
            await using var row = await current.ExecuteReaderAsync().ConfigureAwait(false);
            await row.ReadAsync().ConfigureAwait(false);
            var resource = row.GetString(0);
            var outcome = resource == write.Resource ? FencedWriteOutcome.StaleFence : FencedWriteOutcome.WrongResource;
            return new FencedWriteResult(outcome, row.GetInt64(2), row.GetInt64(1), resource);
        }, cancellationToken);
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
