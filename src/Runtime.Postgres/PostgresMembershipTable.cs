using System.Globalization;
using System.Net;
using System.Text.Json;
using Leasehold.Runtime.Membership;
using Npgsql;
using NpgsqlTypes;

namespace Leasehold.Runtime.Postgres;

/// <summary>
/// The membership table in PostgreSQL: <c>membership_version</c> holds one version per cluster and
/// <c>membership</c> one row per silo incarnation with an integer ETag. A change is two statements in
/// one operation of the group-commit transaction: bump the version only if it is still the expected one
/// (and, for an update, only if the row still has the expected ETag), then write the row. The version
/// update locks the version row until commit; a silo racing from the same read waits on that lock,
/// then re-checks <c>version = expected</c> against the committed row and matches nothing. So of two
/// changes from one view exactly one wins, whichever machines they come from.
/// </summary>
internal sealed class PostgresMembershipTable(PostgresDatabase database) : IMembershipTable
{
    public Task InitializeAsync(string clusterId, CancellationToken cancellationToken) =>
        database.Commits.EnqueueAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO membership_version (cluster_id, version) VALUES (@cluster, 0) ON CONFLICT (cluster_id) DO NOTHING";
            command.Parameters.AddWithValue("cluster", clusterId);
            return await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }, cancellationToken);

    public Task<MembershipTableSnapshot> ReadAllAsync(string clusterId, CancellationToken cancellationToken) =>
        database.ReadAsync(async (connection, ct) =>
        {
            // One statement reads one snapshot: the version and the rows belong together.
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT v.version, m.host, m.port, m.generation, m.status, m.suspicions::text, m.started_at, m.iamalive_at, m.etag
                FROM membership_version v LEFT JOIN membership m ON m.cluster_id = v.cluster_id
                WHERE v.cluster_id = @cluster
                ORDER BY m.host, m.port, m.generation
                """;
            command.Parameters.AddWithValue("cluster", clusterId);
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            var version = 0L;
            var rows = new List<(MembershipRow Row, string ETag)>();
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                version = reader.GetInt64(0);
                if (!reader.IsDBNull(1))
                {
                    rows.Add((ReadRow(reader), reader.GetInt64(8).ToString(CultureInfo.InvariantCulture)));
                }
            }

            return new MembershipTableSnapshot(version, rows);
        }, cancellationToken);

    public Task<bool> InsertRowAsync(string clusterId, MembershipRow row, long expectedVersion, CancellationToken cancellationToken)
    {
        var suspicions = WriteSuspicions(row.Suspicions);
        return database.Commits.EnqueueAsync(async connection =>
        {
            await using (var version = connection.CreateCommand())
            {
                version.CommandText = """
                    UPDATE membership_version SET version = version + 1
                    WHERE cluster_id = @cluster AND version = @expected
                      AND NOT EXISTS (SELECT 1 FROM membership
                                      WHERE cluster_id = @cluster AND host = @host AND port = @port AND generation = @generation)
                    """;
                AddKey(version, clusterId, row.Silo);
                version.Parameters.AddWithValue("expected", expectedVersion);
                if (await version.ExecuteNonQueryAsync().ConfigureAwait(false) == 0)
                {
                    return false;
                }
            }

            await using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO membership (cluster_id, host, port, generation, status, suspicions, started_at, iamalive_at, etag)
                VALUES (@cluster, @host, @port, @generation, @status, @suspicions, @startedAt, @iAmAliveAt, 1)
                """;
            AddKey(insert, clusterId, row.Silo);
            insert.Parameters.AddWithValue("status", row.Status.ToString());
            insert.Parameters.AddWithValue("suspicions", NpgsqlDbType.Jsonb, suspicions);
            insert.Parameters.AddWithValue("startedAt", row.StartedAtUtc.ToUniversalTime());
            insert.Parameters.AddWithValue("iAmAliveAt", row.IAmAliveAtUtc.ToUniversalTime());
            await insert.ExecuteNonQueryAsync().ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    public Task<bool> UpdateRowAsync(string clusterId, MembershipRow row, string etag, long expectedVersion, CancellationToken cancellationToken)
    {
        if (!long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var expectedETag))
        {
            // Not an ETag this table hands out, so it cannot be the row's current one.
            return Task.FromResult(false);
        }

        var suspicions = WriteSuspicions(row.Suspicions);
        return database.Commits.EnqueueAsync(async connection =>
        {
            await using (var version = connection.CreateCommand())
            {
                version.CommandText = """
                    UPDATE membership_version SET version = version + 1
                    WHERE cluster_id = @cluster AND version = @expected
                      AND EXISTS (SELECT 1 FROM membership
                                  WHERE cluster_id = @cluster AND host = @host AND port = @port AND generation = @generation AND etag = @etag)
                    """;
                AddKey(version, clusterId, row.Silo);
                version.Parameters.AddWithValue("expected", expectedVersion);
                version.Parameters.AddWithValue("etag", expectedETag);
                if (await version.ExecuteNonQueryAsync().ConfigureAwait(false) == 0)
                {
                    return false;
                }
            }

            // The heartbeat belongs to the silo itself (UpdateIAmAliveAsync, no CAS): a voter writing the row it
            // read a moment ago must not move that silo's heartbeat back, hence GREATEST. Identity and start time never change.
            await using var update = connection.CreateCommand();
            update.CommandText = """
                UPDATE membership SET status = @status, suspicions = @suspicions, iamalive_at = GREATEST(iamalive_at, @iAmAliveAt), etag = etag + 1
                WHERE cluster_id = @cluster AND host = @host AND port = @port AND generation = @generation AND etag = @etag
                """;
            AddKey(update, clusterId, row.Silo);
            update.Parameters.AddWithValue("status", row.Status.ToString());
            update.Parameters.AddWithValue("suspicions", NpgsqlDbType.Jsonb, suspicions);
            update.Parameters.AddWithValue("iAmAliveAt", row.IAmAliveAtUtc.ToUniversalTime());
            update.Parameters.AddWithValue("etag", expectedETag);
            return await update.ExecuteNonQueryAsync().ConfigureAwait(false) == 1
                ? true
                : throw new InvalidOperationException($"Membership row {row.Silo} changed inside the transaction that checked its ETag.");
        }, cancellationToken);
    }

    public Task UpdateIAmAliveAsync(string clusterId, SiloAddress silo, DateTimeOffset iAmAliveAtUtc, CancellationToken cancellationToken) =>
        database.Commits.EnqueueAsync(async connection =>
        {
            // A heartbeat cannot bring a Dead row back to life in the eyes of people reading the table.
            await using var command = connection.CreateCommand();
            command.CommandText = """
                UPDATE membership SET iamalive_at = @iAmAliveAt
                WHERE cluster_id = @cluster AND host = @host AND port = @port AND generation = @generation AND status <> 'Dead'
                """;
            AddKey(command, clusterId, silo);
            command.Parameters.AddWithValue("iAmAliveAt", iAmAliveAtUtc.ToUniversalTime());
            return await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }, cancellationToken);

    private static MembershipRow ReadRow(NpgsqlDataReader reader)
    {
        var silo = new SiloAddress(new IPEndPoint(IPAddress.Parse(reader.GetString(1)), reader.GetInt32(2)), reader.GetInt64(3));
        var status = Enum.Parse<SiloStatus>(reader.GetString(4));
        var stored = JsonSerializer.Deserialize(reader.GetString(5), PostgresMembershipJsonContext.Default.StoredSuspicionArray) ?? [];
        var suspicions = stored
            .Select(s => new SuspicionVote(new SiloAddress(new IPEndPoint(IPAddress.Parse(s.Host), s.Port), s.Generation), s.AtUtc))
            .ToArray();
        return new MembershipRow(silo, status, suspicions, reader.GetFieldValue<DateTimeOffset>(6), reader.GetFieldValue<DateTimeOffset>(7));
    }

    private static string WriteSuspicions(IReadOnlyList<SuspicionVote> suspicions) =>
        JsonSerializer.Serialize(
            suspicions.Select(v => new StoredSuspicion(v.Voter.Endpoint.Address.ToString(), v.Voter.Endpoint.Port, v.Voter.Generation, v.AtUtc)).ToArray(),
            PostgresMembershipJsonContext.Default.StoredSuspicionArray);

    private static void AddKey(NpgsqlCommand command, string clusterId, SiloAddress silo)
    {
        command.Parameters.AddWithValue("cluster", clusterId);
        command.Parameters.AddWithValue("host", silo.Endpoint.Address.ToString());
        command.Parameters.AddWithValue("port", silo.Endpoint.Port);
        command.Parameters.AddWithValue("generation", silo.Generation);
    }
}
