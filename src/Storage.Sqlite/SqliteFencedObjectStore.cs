using System.Globalization;
using Leasehold.Storage;
using Microsoft.Data.Sqlite;

namespace Leasehold.Storage.Sqlite;

/// <summary>
/// The object table. The fence check and the write are one statement (<see cref="SqliteObjectStatements"/>) whose change
/// applies only when the incoming fence is ≥ the key's highest fence, the key belongs to the same resource and the
/// precondition holds; a delete is the same statement writing a tombstone. It runs inside the group-commit transaction,
/// so no other write to the key can come between check and write.
/// </summary>
internal sealed class SqliteFencedObjectStore(SqliteDatabase database) : IFencedObjectStore
{
    public Task<FencedWriteResult> WriteAsync(FencedWrite write, CancellationToken cancellationToken)
    {
        var value = write.Value.ToArray();
        var updatedAt = database.UtcNowText();
        return database.Commits.EnqueueAsync(
            connection => Apply(connection, write.Key, write.Resource, write.Fence, write.Precondition, value, write.ContentType, updatedAt, deleted: false),
            cancellationToken);
    }

    public Task<FencedWriteResult> DeleteAsync(FencedDelete delete, CancellationToken cancellationToken)
    {
        var updatedAt = database.UtcNowText();
        return database.Commits.EnqueueAsync(
            connection => Apply(connection, delete.Key, delete.Resource, delete.Fence, delete.Precondition, [], string.Empty, updatedAt, deleted: true),
            cancellationToken);
    }

    public Task<FencedObject?> ReadAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult(database.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT resource, fence, version, value, content_type, updated_at, deleted FROM objects WHERE key = $key";
            command.Parameters.AddWithValue("$key", key);
            using var reader = command.ExecuteReader();
            return reader.Read()
                ? new FencedObject(key, reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), (byte[])reader.GetValue(3), reader.GetString(4),
                    DateTimeOffset.Parse(reader.GetString(5), CultureInfo.InvariantCulture), reader.GetInt64(6) != 0)
                : null;
        }));

    public Task<ObjectPage> ListAsync(string prefix, string? after, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return Task.FromResult(database.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = SqliteObjectStatements.List;
            command.Parameters.AddWithValue("$prefix", prefix);
            command.Parameters.AddWithValue("$upper", ObjectListing.UpperBound(prefix));
            command.Parameters.AddWithValue("$after", after ?? string.Empty);
            command.Parameters.AddWithValue("$take", limit + 1);
            using var reader = command.ExecuteReader();
            var rows = new List<ObjectSummary>();
            while (reader.Read())
            {
                rows.Add(new ObjectSummary(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3), reader.GetInt64(4),
                    DateTimeOffset.Parse(reader.GetString(5), CultureInfo.InvariantCulture)));
            }

            return ObjectListing.Page(rows, limit);
        }));
    }

    private static FencedWriteResult Apply(
        SqliteConnection connection, string key, string resource, long fence, ObjectPrecondition precondition, byte[] value, string contentType, string updatedAt, bool deleted)
    {
        var statement = SqliteStatements.Reused(connection, SqliteObjectStatements.For(precondition));
        statement.Bind("$key", key);
        statement.Bind("$resource", resource);
        statement.Bind("$fence", fence);
        statement.Bind("$contentType", contentType);
        statement.Bind("$value", value);
        statement.Bind("$updatedAt", updatedAt);
        statement.Bind("$deleted", deleted ? 1 : 0);
        if (precondition.Kind == ObjectPreconditionKind.VersionIs)
        {
            statement.Bind("$version", precondition.Version);
        }

        using (var written = statement.ExecuteReader())
        {
            if (written.Read())
            {
                return new FencedWriteResult(FencedWriteOutcome.Accepted, written.GetInt64(0), written.GetInt64(1), resource, deleted);
            }
        }

        // Refused: report what the key holds, read in the same transaction.
        var current = SqliteStatements.Reused(connection, SqliteObjectStatements.Current);
        current.Bind("$key", key);
        using var row = current.ExecuteReader();
        return FencedWriteResult.Refused(resource, fence,
            row.Read() ? new FencedWriteResult.CurrentObject(row.GetString(0), row.GetInt64(1), row.GetInt64(2), row.GetInt64(3) != 0) : null);
    }
}
