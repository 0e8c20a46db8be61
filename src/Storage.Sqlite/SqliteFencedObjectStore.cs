using Leasehold.Storage;

namespace Leasehold.Storage.Sqlite;

/// <summary>
/// The object table. The fence check and the write are one upsert statement whose update applies only
/// when the incoming fence is ≥ the key's highest fence and the key belongs to the same resource; it runs
/// inside the group-commit transaction, so no other write to the key can come between check and write.
/// </summary>
internal sealed class SqliteFencedObjectStore(SqliteDatabase database) : IFencedObjectStore
{
    public Task<FencedWriteResult> WriteAsync(FencedWrite write, CancellationToken cancellationToken)
    {
        var value = write.Value.ToArray();
        var updatedAt = database.UtcNowText();
        return database.Commits.EnqueueAsync(connection =>
        {
            var upsert = SqliteStatements.Reused(connection, """
                    INSERT INTO objects (key, resource, fence, version, content_type, value, updated_at)
                    VALUES ($key, $resource, $fence, 1, $contentType, $value, $updatedAt)
                    ON CONFLICT (key) DO UPDATE SET
                        fence = excluded.fence,
                        version = objects.version + 1,
                        content_type = excluded.content_type,
                        value = excluded.value,
                        updated_at = excluded.updated_at
                    WHERE excluded.fence >= objects.fence AND excluded.resource = objects.resource
                    RETURNING version, fence
                    """);
            upsert.Bind("$key", write.Key);
            upsert.Bind("$resource", write.Resource);
            upsert.Bind("$fence", write.Fence);
            upsert.Bind("$contentType", write.ContentType);
            upsert.Bind("$value", value);
            upsert.Bind("$updatedAt", updatedAt);
            using (var written = upsert.ExecuteReader())
            {
                if (written.Read())
                {
                    return new FencedWriteResult(FencedWriteOutcome.Accepted, written.GetInt64(0), written.GetInt64(1), write.Resource);
                }
            }

            // Refused: report what the key holds, read in the same transaction.
            var current = SqliteStatements.Reused(connection, "SELECT resource, fence, version FROM objects WHERE key = $key");
            current.Bind("$key", write.Key);
            using var row = current.ExecuteReader();
            row.Read();
            var resource = row.GetString(0);
            var outcome = resource == write.Resource ? FencedWriteOutcome.StaleFence : FencedWriteOutcome.WrongResource;
            return new FencedWriteResult(outcome, row.GetInt64(2), row.GetInt64(1), resource);
        }, cancellationToken);
    }

    public Task<FencedObject?> ReadAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult(database.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT resource, fence, version, value, content_type, updated_at FROM objects WHERE key = $key";
            command.Parameters.AddWithValue("$key", key);
            using var reader = command.ExecuteReader();
            return reader.Read()
                ? new FencedObject(key, reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), (byte[])reader.GetValue(3), reader.GetString(4),
                    DateTimeOffset.Parse(reader.GetString(5), System.Globalization.CultureInfo.InvariantCulture))
                : null;
        }));
}
