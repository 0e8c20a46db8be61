using System.Globalization;
using System.Net;
using System.Text.Json;
using Leasehold.Runtime.Membership;
using Microsoft.Data.Sqlite;

namespace Leasehold.Storage.Sqlite;

/// <summary>
/// The membership table in SQLite: <c>membership_version</c> holds one version per cluster and
/// <c>membership</c> one row per silo incarnation with an integer ETag. A change is two statements in
/// one operation of the group-commit transaction: bump the version only if it is still the expected one
/// (and, for an update, only if the row still has the expected ETag), then write the row. The writer holds
/// SQLite's write lock (<c>BEGIN IMMEDIATE</c>) for the whole transaction, so the check and the write are
/// atomic also against other processes on the same file; correctness comes from the SQL, not from locks
/// in this process.
/// </summary>
internal sealed class SqliteMembershipTable(SqliteDatabase database) : IMembershipTable
{
    public Task InitializeAsync(string clusterId, CancellationToken cancellationToken) =>
        database.Commits.EnqueueAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO membership_version (cluster_id, version) VALUES ($cluster, 0) ON CONFLICT (cluster_id) DO NOTHING";
            command.Parameters.AddWithValue("$cluster", clusterId);
            return command.ExecuteNonQuery();
        }, cancellationToken);

    public Task<MembershipTableSnapshot> ReadAllAsync(string clusterId, CancellationToken cancellationToken) =>
        Task.FromResult(database.Read(connection =>
        {
            // One statement reads one snapshot of the file: the version and the rows belong together.
            using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT v.version, m.host, m.port, m.generation, m.status, m.suspicions, m.started_at, m.iamalive_at, m.etag
                FROM membership_version v LEFT JOIN membership m ON m.cluster_id = v.cluster_id
                WHERE v.cluster_id = $cluster
                ORDER BY m.host, m.port, m.generation
                """;
            command.Parameters.AddWithValue("$cluster", clusterId);
            using var reader = command.ExecuteReader();
            var version = 0L;
            var rows = new List<(MembershipRow Row, string ETag)>();
            while (reader.Read())
            {
                version = reader.GetInt64(0);
                if (!reader.IsDBNull(1))
                {
                    rows.Add((ReadRow(reader), reader.GetInt64(8).ToString(CultureInfo.InvariantCulture)));
                }
            }

            return new MembershipTableSnapshot(version, rows);
        }));

    public Task<bool> InsertRowAsync(string clusterId, MembershipRow row, long expectedVersion, CancellationToken cancellationToken)
    {
        var suspicions = WriteSuspicions(row.Suspicions);
        return database.Commits.EnqueueAsync(connection =>
        {
            using (var version = connection.CreateCommand())
            {
                version.CommandText = """
                    UPDATE membership_version SET version = version + 1
                    WHERE cluster_id = $cluster AND version = $expected
                      AND NOT EXISTS (SELECT 1 FROM membership
                                      WHERE cluster_id = $cluster AND host = $host AND port = $port AND generation = $generation)
                    """;
                AddKey(version, clusterId, row.Silo);
                version.Parameters.AddWithValue("$expected", expectedVersion);
                if (version.ExecuteNonQuery() == 0)
                {
                    return false;
                }
            }

            using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO membership (cluster_id, host, port, generation, status, suspicions, started_at, iamalive_at, etag)
                VALUES ($cluster, $host, $port, $generation, $status, $suspicions, $startedAt, $iAmAliveAt, 1)
                """;
            AddKey(insert, clusterId, row.Silo);
            insert.Parameters.AddWithValue("$status", row.Status.ToString());
            insert.Parameters.AddWithValue("$suspicions", suspicions);
            insert.Parameters.AddWithValue("$startedAt", TimeText(row.StartedAtUtc));
            insert.Parameters.AddWithValue("$iAmAliveAt", TimeText(row.IAmAliveAtUtc));
            insert.ExecuteNonQuery();
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
        return database.Commits.EnqueueAsync(connection =>
        {
            using (var version = connection.CreateCommand())
            {
                version.CommandText = """
                    UPDATE membership_version SET version = version + 1
                    WHERE cluster_id = $cluster AND version = $expected
                      AND EXISTS (SELECT 1 FROM membership
                                  WHERE cluster_id = $cluster AND host = $host AND port = $port AND generation = $generation AND etag = $etag)
                    """;
                AddKey(version, clusterId, row.Silo);
                version.Parameters.AddWithValue("$expected", expectedVersion);
                version.Parameters.AddWithValue("$etag", expectedETag);
                if (version.ExecuteNonQuery() == 0)
                {
                    return false;
                }
            }

            // The heartbeat belongs to the silo itself (UpdateIAmAliveAsync, no CAS): a voter writing the row it
            // read a moment ago must not move that silo's heartbeat back, hence MAX. Identity and start time never change.
            using var update = connection.CreateCommand();
            update.CommandText = """
                UPDATE membership SET status = $status, suspicions = $suspicions, iamalive_at = MAX(iamalive_at, $iAmAliveAt), etag = etag + 1
                WHERE cluster_id = $cluster AND host = $host AND port = $port AND generation = $generation AND etag = $etag
                """;
            AddKey(update, clusterId, row.Silo);
            update.Parameters.AddWithValue("$status", row.Status.ToString());
            update.Parameters.AddWithValue("$suspicions", suspicions);
            update.Parameters.AddWithValue("$iAmAliveAt", TimeText(row.IAmAliveAtUtc));
            update.Parameters.AddWithValue("$etag", expectedETag);
            return update.ExecuteNonQuery() == 1
                ? true
                : throw new InvalidOperationException($"Membership row {row.Silo} changed inside the transaction that checked its ETag.");
        }, cancellationToken);
    }

    public Task UpdateIAmAliveAsync(string clusterId, SiloAddress silo, DateTimeOffset iAmAliveAtUtc, CancellationToken cancellationToken) =>
        database.Commits.EnqueueAsync(connection =>
        {
            // A heartbeat cannot bring a Dead row back to life in the eyes of people reading the table.
            using var command = connection.CreateCommand();
            command.CommandText = """
                UPDATE membership SET iamalive_at = $iAmAliveAt
                WHERE cluster_id = $cluster AND host = $host AND port = $port AND generation = $generation AND status <> 'Dead'
                """;
            AddKey(command, clusterId, silo);
            command.Parameters.AddWithValue("$iAmAliveAt", TimeText(iAmAliveAtUtc));
            return command.ExecuteNonQuery();
        }, cancellationToken);

    private static MembershipRow ReadRow(SqliteDataReader reader)
    {
        var silo = new SiloAddress(new IPEndPoint(IPAddress.Parse(reader.GetString(1)), reader.GetInt32(2)), reader.GetInt64(3));
        var status = Enum.Parse<SiloStatus>(reader.GetString(4));
        var stored = JsonSerializer.Deserialize(reader.GetString(5), SqliteMembershipJsonContext.Default.StoredSuspicionArray) ?? [];
        var suspicions = stored
            .Select(s => new SuspicionVote(new SiloAddress(new IPEndPoint(IPAddress.Parse(s.Host), s.Port), s.Generation), s.AtUtc))
            .ToArray();
        return new MembershipRow(silo, status, suspicions, ParseTime(reader.GetString(6)), ParseTime(reader.GetString(7)));
    }

    private static string WriteSuspicions(IReadOnlyList<SuspicionVote> suspicions) =>
        JsonSerializer.Serialize(
            suspicions.Select(v => new StoredSuspicion(v.Voter.Endpoint.Address.ToString(), v.Voter.Endpoint.Port, v.Voter.Generation, v.AtUtc)).ToArray(),
            SqliteMembershipJsonContext.Default.StoredSuspicionArray);

    private static void AddKey(SqliteCommand command, string clusterId, SiloAddress silo)
    {
        command.Parameters.AddWithValue("$cluster", clusterId);
        command.Parameters.AddWithValue("$host", silo.Endpoint.Address.ToString());
        command.Parameters.AddWithValue("$port", silo.Endpoint.Port);
        command.Parameters.AddWithValue("$generation", silo.Generation);
    }

    // UTC in round-trip form: fixed width, so text order is time order (MAX above relies on it).
    private static string TimeText(DateTimeOffset time) => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
