using Leasehold.Runtime.Storage;
using Npgsql;

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
        var fenced = new PostgresWrite<FencedWriteResult>(
            () =>
            [
                new NpgsqlBatchCommand("""
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

                // What the key holds, for a refusal's answer. A statement of its own, sent in the same round trip:
                // it reads after the upsert, whose row lock made it wait for any concurrent writer of the key, so
                // it sees what the check saw (one statement's snapshot could predate that writer's commit).
                new NpgsqlBatchCommand("SELECT resource, fence, version FROM objects WHERE key = @key") { Parameters = { new("key", write.Key) } },
            ],
            rows =>
            {
                if (rows.FirstOf(0) is [long version, long fence])
                {
                    return new FencedWriteResult(FencedWriteOutcome.Accepted, version, fence, write.Resource);
                }

                var current = rows.FirstOf(1) ?? throw new InvalidOperationException($"Object {write.Key} was refused but is not stored.");
                var resource = (string)current[0];
                var outcome = resource == write.Resource ? FencedWriteOutcome.StaleFence : FencedWriteOutcome.WrongResource;
                return new FencedWriteResult(outcome, (long)current[2], (long)current[1], resource);
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
