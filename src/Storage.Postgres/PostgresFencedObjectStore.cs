using Leasehold.Storage;
using Npgsql;

namespace Leasehold.Storage.Postgres;

/// <summary>
/// The object table. The fence check and the write are one statement (<see cref="PostgresObjectStatements"/>) that
/// changes the row only when the incoming fence is ≥ the key's highest fence, the key belongs to the same resource and the
/// precondition holds; a delete is the same statement writing a tombstone. The statement locks the key's row, so a
/// concurrent write to the key (from this silo's next batch or from another silo) waits for this transaction and then
/// re-checks the condition against what it wrote.
/// </summary>
internal sealed class PostgresFencedObjectStore(PostgresDatabase database) : IFencedObjectStore
{
    public Task<FencedWriteResult> WriteAsync(FencedWrite write, CancellationToken cancellationToken) =>
        ApplyAsync(write.Key, write.Resource, write.Fence, write.Precondition, write.Value.ToArray(), write.ContentType, deleted: false, cancellationToken);

    public Task<FencedWriteResult> DeleteAsync(FencedDelete delete, CancellationToken cancellationToken) =>
        ApplyAsync(delete.Key, delete.Resource, delete.Fence, delete.Precondition, [], string.Empty, deleted: true, cancellationToken);

    public Task<FencedObject?> ReadAsync(string key, CancellationToken cancellationToken) =>
        database.ReadAsync(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT resource, fence, version, value, content_type, updated_at, deleted FROM objects WHERE key = @key";
            command.Parameters.AddWithValue("key", key);
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            return await reader.ReadAsync(ct).ConfigureAwait(false)
                ? new FencedObject(key, reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetFieldValue<byte[]>(3), reader.GetString(4),
                    reader.GetFieldValue<DateTimeOffset>(5), reader.GetBoolean(6))
                : null;
        }, cancellationToken);

    public Task<ObjectPage> ListAsync(string prefix, string? after, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return database.ReadAsync(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = PostgresObjectStatements.List;
            command.Parameters.AddWithValue("prefix", prefix);
            command.Parameters.AddWithValue("upper", ObjectListing.UpperBound(prefix));
            command.Parameters.AddWithValue("after", after ?? string.Empty);
            command.Parameters.AddWithValue("take", (long)limit + 1);
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            var rows = new List<ObjectSummary>();
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                rows.Add(new ObjectSummary(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3), reader.GetInt32(4),
                    reader.GetFieldValue<DateTimeOffset>(5)));
            }

            return ObjectListing.Page(rows, limit);
        }, cancellationToken);
    }

    private Task<FencedWriteResult> ApplyAsync(
        string key, string resource, long fence, ObjectPrecondition precondition, byte[] value, string contentType, bool deleted, CancellationToken cancellationToken)
    {
        var updatedAt = database.UtcNow();
        var parameters = () => new NpgsqlParameter[]
        {
            new("key", key), new("resource", resource), new("fence", fence), new("contentType", contentType),
            new("value", value), new("updatedAt", updatedAt), new("deleted", deleted),
        };
        var fenced = precondition.Kind == ObjectPreconditionKind.None
            ? new PostgresWrite<FencedWriteResult>(
                () => [Statement(PostgresObjectStatements.Unconditional, parameters())],
                rows =>
                {
                    var row = rows.FirstOf(0) ?? throw new InvalidOperationException($"The upsert of object {key} returned no row.");
                    var current = new FencedWriteResult.CurrentObject((string)row[0], (long)row[1], (long)row[2], (bool)row[3]);
                    return current.Resource == resource && current.Fence == fence
                        ? new FencedWriteResult(FencedWriteOutcome.Accepted, current.Version, current.Fence, resource, current.Deleted)
                        : FencedWriteResult.Refused(resource, fence, current);
                })
            : new PostgresWrite<FencedWriteResult>(
                () =>
                [
                    Statement(PostgresObjectStatements.Conditional(precondition),
                        precondition.Kind == ObjectPreconditionKind.VersionIs ? [.. parameters(), new("version", precondition.Version)] : parameters()),
                    Statement(PostgresObjectStatements.Current, [new("key", key)]),
                ],
                rows =>
                {
                    if (rows.FirstOf(0) is { } written)
                    {
                        return new FencedWriteResult(FencedWriteOutcome.Accepted, (long)written[0], (long)written[1], resource, deleted);
                    }

                    return FencedWriteResult.Refused(resource, fence, rows.FirstOf(1) is { } row
                        ? new FencedWriteResult.CurrentObject((string)row[0], (long)row[1], (long)row[2], (bool)row[3])
                        : null);
                });
        return database.Commits.EnqueueAsync(fenced, cancellationToken);
    }

    private static NpgsqlBatchCommand Statement(string sql, NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }
}
