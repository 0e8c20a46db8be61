using System.Globalization;
using System.Net;
using System.Text.Json;
using Leasehold.Runtime.Membership;
using Npgsql;
using NpgsqlTypes;

namespace Leasehold.Storage.Postgres;

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
        database.Commits.EnqueueAsync(
            new PostgresWrite<int>(
                () =>
                [
                    new NpgsqlBatchCommand("INSERT INTO membership_version (cluster_id, version) VALUES (@cluster, 0) ON CONFLICT (cluster_id) DO NOTHING RETURNING version")
                    {
                        Parameters = { new("cluster", clusterId) },
                    },
                ],
                rows => rows.Of(0).Count),
            cancellationToken);

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

        // One statement: the insert takes its row from the version bump, so it happens only if the bump did.
        var insert = new PostgresWrite<bool>(
            () =>
            [
                new NpgsqlBatchCommand("""
                    WITH bumped AS (
                        UPDATE membership_version SET version = version + 1
                        WHERE cluster_id = @cluster AND version = @expected
                          AND NOT EXISTS (SELECT 1 FROM membership
                                          WHERE cluster_id = @cluster AND host = @host AND port = @port AND generation = @generation)
                        RETURNING cluster_id)
                    INSERT INTO membership (cluster_id, host, port, generation, status, suspicions, started_at, iamalive_at, etag)
                    SELECT cluster_id, @host, @port, @generation, @status, @suspicions, @startedAt, @iAmAliveAt, 1 FROM bumped
                    RETURNING etag
                    """)
                {
                    Parameters =
                    {
                        new("expected", expectedVersion),
                        new("status", row.Status.ToString()),
                        new("suspicions", NpgsqlDbType.Jsonb) { Value = suspicions },
                        new("startedAt", row.StartedAtUtc.ToUniversalTime()),
                        new("iAmAliveAt", row.IAmAliveAtUtc.ToUniversalTime()),
                    },
                }.WithKey(clusterId, row.Silo),
            ],
            rows => rows.FirstOf(0) is not null);
        return database.Commits.EnqueueAsync(insert, cancellationToken);
    }

    public Task<bool> UpdateRowAsync(string clusterId, MembershipRow row, string etag, long expectedVersion, CancellationToken cancellationToken)
    {
        if (!long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var expectedETag))
        {
            // Not an ETag this table hands out, so it cannot be the row's current one.
            return Task.FromResult(false);
        }

        var suspicions = WriteSuspicions(row.Suspicions);

        // One statement: the row changes only if the version bump (which checked the row's ETag) did. The
        // heartbeat belongs to the silo itself (UpdateIAmAliveAsync, no CAS): a voter writing the row it read a
        // moment ago must not move that silo's heartbeat back, hence GREATEST. Identity and start time never change.
        var update = new PostgresWrite<bool>(
            () =>
            [
                new NpgsqlBatchCommand("""
                    WITH bumped AS (
                        UPDATE membership_version SET version = version + 1
                        WHERE cluster_id = @cluster AND version = @expected
                          AND EXISTS (SELECT 1 FROM membership
                                      WHERE cluster_id = @cluster AND host = @host AND port = @port AND generation = @generation AND etag = @etag)
                        RETURNING version),
                    changed AS (
                        UPDATE membership SET status = @status, suspicions = @suspicions, iamalive_at = GREATEST(iamalive_at, @iAmAliveAt), etag = etag + 1
                        WHERE cluster_id = @cluster AND host = @host AND port = @port AND generation = @generation AND etag = @etag
                          AND EXISTS (SELECT 1 FROM bumped)
                        RETURNING etag)
                    SELECT (SELECT count(*) FROM bumped), (SELECT count(*) FROM changed)
                    """)
                {
                    Parameters =
                    {
                        new("expected", expectedVersion),
                        new("etag", expectedETag),
                        new("status", row.Status.ToString()),
                        new("suspicions", NpgsqlDbType.Jsonb) { Value = suspicions },
                        new("iAmAliveAt", row.IAmAliveAtUtc.ToUniversalTime()),
                    },
                }.WithKey(clusterId, row.Silo),
            ],
            rows => rows.FirstOf(0) switch
            {
                [0L, _] => false,
                [1L, 1L] => true,

                // Every change of a row bumps the version first, so this cannot happen; if it did, the version moved
                // with no row changed, which only makes other writers read the table again.
                _ => throw new InvalidOperationException($"Membership row {row.Silo} changed inside the transaction that checked its ETag."),
            });
        return database.Commits.EnqueueAsync(update, cancellationToken);
    }

    public Task UpdateIAmAliveAsync(string clusterId, SiloAddress silo, DateTimeOffset iAmAliveAtUtc, CancellationToken cancellationToken) =>
        database.Commits.EnqueueAsync(
            new PostgresWrite<int>(
                () =>
                [
                    // A heartbeat cannot bring a Dead row back to life in the eyes of people reading the table.
                    new NpgsqlBatchCommand("""
                        UPDATE membership SET iamalive_at = @iAmAliveAt
                        WHERE cluster_id = @cluster AND host = @host AND port = @port AND generation = @generation AND status <> 'Dead'
                        RETURNING etag
                        """)
                    {
                        Parameters = { new("iAmAliveAt", iAmAliveAtUtc.ToUniversalTime()) },
                    }.WithKey(clusterId, silo),
                ],
                rows => rows.Of(0).Count),
            cancellationToken);

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
}
