using System.Globalization;
using Leasehold.Storage.Sqlite;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using OrleansGrainStorage = Orleans.Storage.IGrainStorage;
using OrleansInconsistentStateException = Orleans.Storage.InconsistentStateException;

namespace Leasehold.Storage.Sqlite;

/// <summary>
/// Orleans grain storage on SQLite (<c>orleans_grain_state</c>). The ETag is a per-row counter and every write or clear
/// is one conditional statement on it, run by the group commit: acknowledged only once the transaction holding it is on
/// disk. A write whose ETag is not the stored one changes nothing and throws <see cref="OrleansInconsistentStateException"/>,
/// so of two activations writing from the same read exactly one wins. A clear keeps the row (null payload) and moves its
/// ETag on, so an ETag read before the clear can never match again.
/// </summary>
internal sealed class SqliteOrleansGrainStorage(
    string name,
    SqliteDatabase database,
    IGrainStorageSerializer serializer,
    IActivatorProvider activators,
    IOptions<ClusterOptions> clusterOptions) : OrleansGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private readonly string _serviceId = clusterOptions.Value.ServiceId;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe($"{nameof(SqliteOrleansGrainStorage)}-{name}", ServiceLifecycleStage.ApplicationServices, _ => database.EnsureInitializedAsync());

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var (etag, payload) = database.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT etag, payload FROM orleans_grain_state WHERE service_id = $service AND state_name = $state AND grain_id = $grain";
            AddKey(command, stateName, grainId);
            using var reader = command.ExecuteReader();
            return reader.Read()
                ? (reader.GetInt64(0).ToString(CultureInfo.InvariantCulture), reader.IsDBNull(1) ? null : (byte[])reader.GetValue(1))
                : ((string?)null, (byte[]?)null);
        });

        grainState.ETag = etag;
        grainState.RecordExists = payload is not null;
        grainState.State = payload is null ? activators.GetActivator<T>().Create() : serializer.Deserialize<T>(payload);
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    /// <remarks>
    /// The write resumes on the calling activation's scheduler (no <c>ConfigureAwait(false)</c>): Orleans' state bridge
    /// awaits it there anyway, so resuming on the thread pool first would cost a second thread hop per grain write.
    /// </remarks>
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
        var updatedAt = SqliteMembershipText.Time(database.Time.GetUtcNow());
        return database.Commits.EnqueueAsync(connection =>
        {
            var command = SqliteStatements.Reused(connection, expected is null
                ? """
                  INSERT INTO orleans_grain_state (service_id, state_name, grain_id, etag, payload, updated_at)
                  VALUES ($service, $state, $grain, 1, $payload, $updatedAt)
                  ON CONFLICT (service_id, state_name, grain_id) DO NOTHING
                  """
                : """
                  UPDATE orleans_grain_state SET etag = etag + 1, payload = $payload, updated_at = $updatedAt
                  WHERE service_id = $service AND state_name = $state AND grain_id = $grain AND etag = $etag
                  """);
            command.Bind("$service", _serviceId);
            command.Bind("$state", stateName);
            command.Bind("$grain", grainId.ToString());
            command.Bind("$payload", (object?)payload ?? DBNull.Value);
            command.Bind("$updatedAt", updatedAt);
            command.Bind("$etag", expected ?? 0);
            return command.ExecuteNonQuery() == 0
                ? throw Conflict(stateName, grainId, etag)
                : ((expected ?? 0) + 1).ToString(CultureInfo.InvariantCulture);
        }, cancellationToken);
    }

    private OrleansInconsistentStateException Conflict(string stateName, GrainId grainId, string? etag) =>
        new($"Grain storage '{name}': state '{stateName}' of {grainId} is no longer at ETag '{etag ?? "(none)"}'; another writer came first.", "unknown", etag ?? "");

    private void AddKey(Microsoft.Data.Sqlite.SqliteCommand command, string stateName, GrainId grainId)
    {
        command.Parameters.AddWithValue("$service", _serviceId);
        command.Parameters.AddWithValue("$state", stateName);
        command.Parameters.AddWithValue("$grain", grainId.ToString());
    }
}
