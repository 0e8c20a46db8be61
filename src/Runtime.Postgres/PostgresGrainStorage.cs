using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Leasehold.Runtime.Storage;

namespace Leasehold.Runtime.Postgres;

/// <summary>Grain state rows; the ETag is a per-row counter and every write is a compare-and-swap on it.</summary>
internal sealed class PostgresGrainStorage(PostgresDatabase database) : IGrainStorage
{
    public Task<StoredState<T>?> ReadAsync<T>(GrainId grainId, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken) =>
        database.ReadAsync(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT etag, payload FROM grain_state WHERE grain_type = @type AND grain_key = @key";
            command.Parameters.AddWithValue("type", grainId.Type);
            command.Parameters.AddWithValue("key", grainId.Key);
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            if (!await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                return null;
            }

            var state = JsonSerializer.Deserialize(reader.GetFieldValue<byte[]>(1), typeInfo)!;
            return new StoredState<T>(state, reader.GetInt64(0).ToString(CultureInfo.InvariantCulture));
        }, cancellationToken);

    public Task<string> WriteAsync<T>(GrainId grainId, T state, string? etag, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(state, typeInfo);
        var expected = ParseETag(grainId, etag);
        var updatedAt = database.UtcNow();
        return database.Commits.EnqueueAsync(async connection =>
        {
            // One conditional statement each way: an insert that yields to an existing row, or an update that
            // applies only at the expected ETag. No rows affected means another writer came first.
            await using var command = connection.CreateCommand();
            command.CommandText = expected is null
                ? """
                  INSERT INTO grain_state (grain_type, grain_key, etag, payload, updated_at)
                  VALUES (@type, @key, 1, @payload, @updatedAt)
                  ON CONFLICT (grain_type, grain_key) DO NOTHING
                  """
                : """
                  UPDATE grain_state SET etag = etag + 1, payload = @payload, updated_at = @updatedAt
                  WHERE grain_type = @type AND grain_key = @key AND etag = @etag
                  """;
            command.Parameters.AddWithValue("type", grainId.Type);
            command.Parameters.AddWithValue("key", grainId.Key);
            command.Parameters.AddWithValue("payload", payload);
            command.Parameters.AddWithValue("updatedAt", updatedAt);
            command.Parameters.AddWithValue("etag", expected ?? 0);
            if (await command.ExecuteNonQueryAsync().ConfigureAwait(false) == 0)
            {
                throw new InconsistentStateException(grainId, etag);
            }

            return ((expected ?? 0) + 1).ToString(CultureInfo.InvariantCulture);
        }, cancellationToken);
    }

    public Task ClearAsync(GrainId grainId, string etag, CancellationToken cancellationToken)
    {
        var expected = ParseETag(grainId, etag);
        return database.Commits.EnqueueAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM grain_state WHERE grain_type = @type AND grain_key = @key AND etag = @etag";
            command.Parameters.AddWithValue("type", grainId.Type);
            command.Parameters.AddWithValue("key", grainId.Key);
            command.Parameters.AddWithValue("etag", expected ?? 0);
            return await command.ExecuteNonQueryAsync().ConfigureAwait(false) == 0 ? throw new InconsistentStateException(grainId, etag) : true;
        }, cancellationToken);
    }

    private static long? ParseETag(GrainId grainId, string? etag) =>
        etag is null ? null
        : long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value
        : throw new InconsistentStateException(grainId, etag);
}
