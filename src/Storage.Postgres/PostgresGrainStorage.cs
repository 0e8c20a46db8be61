using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using System.Text.Json;
using Leasehold.Runtime.Storage;
using Leasehold.Runtime;
using Npgsql;

namespace Leasehold.Storage.Postgres;

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

        // One conditional statement each way: an insert that yields to an existing row, or an update that
        // applies only at the expected ETag. No row returned means another writer came first.
        var write = new PostgresWrite<string>(
            () =>
            [
                new NpgsqlBatchCommand(expected is null
                    ? """
                      INSERT INTO grain_state (grain_type, grain_key, etag, payload, updated_at)
                      VALUES (@type, @key, 1, @payload, @updatedAt)
                      ON CONFLICT (grain_type, grain_key) DO NOTHING
                      RETURNING etag
                      """
                    : """
                      UPDATE grain_state SET etag = etag + 1, payload = @payload, updated_at = @updatedAt
                      WHERE grain_type = @type AND grain_key = @key AND etag = @etag
                      RETURNING etag
                      """)
                {
                    Parameters =
                    {
                        new("type", grainId.Type),
                        new("key", grainId.Key),
                        new("payload", payload),
                        new("updatedAt", updatedAt),
                        new("etag", expected ?? 0),
                    },
                },
            ],
            rows => rows.FirstOf(0) is [long written]
                ? written.ToString(CultureInfo.InvariantCulture)
                : throw new InconsistentStateException(grainId, etag));
        return database.Commits.EnqueueAsync(write, cancellationToken);
    }

    public Task ClearAsync(GrainId grainId, string etag, CancellationToken cancellationToken)
    {
        var expected = ParseETag(grainId, etag);
        var clear = new PostgresWrite<bool>(
            () =>
            [
                new NpgsqlBatchCommand("DELETE FROM grain_state WHERE grain_type = @type AND grain_key = @key AND etag = @etag RETURNING etag")
                {
                    Parameters = { new("type", grainId.Type), new("key", grainId.Key), new("etag", expected ?? 0) },
                },
            ],
            rows => rows.FirstOf(0) is not null ? true : throw new InconsistentStateException(grainId, etag));
        return database.Commits.EnqueueAsync(clear, cancellationToken);
    }

    private static long? ParseETag(GrainId grainId, string? etag) =>
        etag is null ? null
        : long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value
        : throw new InconsistentStateException(grainId, etag);
}
