using System.Globalization;
using Leasehold.Storage.Postgres;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using OrleansGrainStorage = Orleans.Storage.IGrainStorage;
using OrleansInconsistentStateException = Orleans.Storage.InconsistentStateException;

namespace Leasehold.Storage.Postgres;

/// <summary>
/// Orleans grain storage on PostgreSQL (<c>orleans_grain_state</c>). The ETag is a per-row counter and every write or
/// clear is one conditional statement on it, run by the group commit: acknowledged only once the transaction holding it
/// has committed. A write whose ETag is not the stored one changes nothing and throws
/// <see cref="OrleansInconsistentStateException"/>, so of two activations writing from the same read exactly one wins,
/// also on two machines. A clear keeps the row (null payload) and moves its ETag on, so an ETag read before the clear can
/// never match again.
/// </summary>
internal sealed class PostgresOrleansGrainStorage(
    string name,
    PostgresDatabase database,
    IGrainStorageSerializer serializer,
    IActivatorProvider activators,
    IOptions<ClusterOptions> clusterOptions) : OrleansGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private readonly string _serviceId = clusterOptions.Value.ServiceId;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe($"{nameof(PostgresOrleansGrainStorage)}-{name}", ServiceLifecycleStage.ApplicationServices, _ => database.EnsureInitializedAsync());

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var (etag, payload) = await database.ReadAsync(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT etag, payload FROM orleans_grain_state WHERE service_id = @service AND state_name = @state AND grain_id = @grain";
            command.Parameters.AddWithValue("service", _serviceId);
            command.Parameters.AddWithValue("state", stateName);
            command.Parameters.AddWithValue("grain", grainId.ToString());
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            return await reader.ReadAsync(ct).ConfigureAwait(false)
                ? (reader.GetInt64(0).ToString(CultureInfo.InvariantCulture), reader.IsDBNull(1) ? null : reader.GetFieldValue<byte[]>(1))
                : ((string?)null, (byte[]?)null);
        }, cancellationToken).ConfigureAwait(false);

        grainState.ETag = etag;
        grainState.RecordExists = payload is not null;
        grainState.State = payload is null ? activators.GetActivator<T>().Create() : serializer.Deserialize<T>(payload);
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var payload = serializer.Serialize(grainState.State).ToArray();
        grainState.ETag = await SwapAsync(stateName, grainId, grainState.ETag, payload, cancellationToken);
        grainState.RecordExists = true;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        grainState.ETag = await SwapAsync(stateName, grainId, grainState.ETag, null, cancellationToken);
        grainState.RecordExists = false;
        grainState.State = activators.GetActivator<T>().Create();
    }

    /// <summary>Writes <paramref name="payload"/> (null: cleared) if the stored ETag is <paramref name="etag"/> (null: no row); returns the new ETag.</summary>
    private Task<string> SwapAsync(string stateName, GrainId grainId, string? etag, byte[]? payload, CancellationToken cancellationToken)
    {
        long? expected = etag is null ? null
            : long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value
            : throw Conflict(stateName, grainId, etag);
        var updatedAt = database.UtcNow();
        var grain = grainId.ToString();
        // One conditional statement each way, batched with the other writes of its group commit (one round trip): an insert
        // that yields to an existing row, or an update that applies only at the expected ETag. No row returned means
        // another writer came first; the batch commits anyway, since that statement changed nothing.
        var write = new PostgresWrite<string>(
            () =>
            [
                new NpgsqlBatchCommand(expected is null
                    ? """
                      INSERT INTO orleans_grain_state (service_id, state_name, grain_id, etag, payload, updated_at)
                      VALUES (@service, @state, @grain, 1, @payload, @updatedAt)
                      ON CONFLICT (service_id, state_name, grain_id) DO NOTHING
                      RETURNING etag
                      """
                    : """
                      UPDATE orleans_grain_state SET etag = etag + 1, payload = @payload, updated_at = @updatedAt
                      WHERE service_id = @service AND state_name = @state AND grain_id = @grain AND etag = @etag
                      RETURNING etag
                      """)
                {
                    Parameters =
                    {
                        new("service", _serviceId),
                        new("state", stateName),
                        new("grain", grain),
                        new NpgsqlParameter("payload", NpgsqlDbType.Bytea) { Value = (object?)payload ?? DBNull.Value },
                        new("updatedAt", updatedAt),
                        new("etag", expected ?? 0),
                    },
                },
            ],
            rows => rows.FirstOf(0) is { } row
                ? ((long)row[0]).ToString(CultureInfo.InvariantCulture)
                : throw Conflict(stateName, grainId, etag));
        return database.Commits.EnqueueAsync(write, cancellationToken);
    }

    private OrleansInconsistentStateException Conflict(string stateName, GrainId grainId, string? etag) =>
        new($"Grain storage '{name}': state '{stateName}' of {grainId} is no longer at ETag '{etag ?? "(none)"}'; another writer came first.", "unknown", etag ?? "");
}
