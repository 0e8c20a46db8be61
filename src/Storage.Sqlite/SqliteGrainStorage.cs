using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using System.Text.Json;
using Leasehold.Runtime.Storage;
using Leasehold.Runtime;

namespace Leasehold.Storage.Sqlite;

/// <summary>Grain state rows; the ETag is a per-row counter and every write is a compare-and-swap on it.</summary>
internal sealed class SqliteGrainStorage(SqliteDatabase database) : IGrainStorage
{
    public Task<StoredState<T>?> ReadAsync<T>(GrainId grainId, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        var stored = database.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT etag, payload FROM grain_state WHERE grain_type = $type AND grain_key = $key";
            command.Parameters.AddWithValue("$type", grainId.Type);
            command.Parameters.AddWithValue("$key", grainId.Key);
            using var reader = command.ExecuteReader();
            if (!reader.Read())
            {
                return null;
            }

            var state = JsonSerializer.Deserialize((byte[])reader.GetValue(1), typeInfo)!;
            return new StoredState<T>(state, reader.GetInt64(0).ToString(CultureInfo.InvariantCulture));
        });
        return Task.FromResult(stored);
    }

    public Task<string> WriteAsync<T>(GrainId grainId, T state, string? etag, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(state, typeInfo);
        var expected = ParseETag(grainId, etag);
        var updatedAt = database.UtcNowText();
        return database.Commits.EnqueueAsync(connection =>
        {
            var command = SqliteStatements.Reused(connection, expected is null
                ? """
                  INSERT INTO grain_state (grain_type, grain_key, etag, payload, updated_at)
                  VALUES ($type, $key, 1, $payload, $updatedAt)
                  ON CONFLICT (grain_type, grain_key) DO NOTHING
                  """
                : """
                  UPDATE grain_state SET etag = etag + 1, payload = $payload, updated_at = $updatedAt
                  WHERE grain_type = $type AND grain_key = $key AND etag = $etag
                  """);
            command.Bind("$type", grainId.Type);
            command.Bind("$key", grainId.Key);
            command.Bind("$payload", payload);
            command.Bind("$updatedAt", updatedAt);
            command.Bind("$etag", expected ?? 0);
            if (command.ExecuteNonQuery() == 0)
            {
                throw new InconsistentStateException(grainId, etag);
            }

            return ((expected ?? 0) + 1).ToString(CultureInfo.InvariantCulture);
        }, cancellationToken);
    }

    public Task ClearAsync(GrainId grainId, string etag, CancellationToken cancellationToken)
    {
        var expected = ParseETag(grainId, etag);
        return database.Commits.EnqueueAsync(connection =>
        {
            var command = SqliteStatements.Reused(connection, "DELETE FROM grain_state WHERE grain_type = $type AND grain_key = $key AND etag = $etag");
            command.Bind("$type", grainId.Type);
            command.Bind("$key", grainId.Key);
            command.Bind("$etag", expected ?? 0);
            return command.ExecuteNonQuery() == 0 ? throw new InconsistentStateException(grainId, etag) : true;
        }, cancellationToken);
    }

    private static long? ParseETag(GrainId grainId, string? etag) =>
        etag is null ? null
        : long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value
        : throw new InconsistentStateException(grainId, etag);
}
