using System.Globalization;
using System.Net;
using Leasehold.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;
using OrleansMembershipTable = Orleans.IMembershipTable;

namespace Leasehold.Storage.Sqlite;

/// <summary>
/// Orleans' membership table on SQLite (<c>orleans_membership_version</c>, <c>orleans_membership</c>). Every insert and
/// update is one compare-and-swap over both tables in one operation of the group commit: the version row moves from
/// the <see cref="TableVersion"/> the caller read (number − 1 and its ETag) to the one it proposes, only if the row is
/// absent (insert) or still has the caller's ETag (update), and only then is the row written. The writer holds SQLite's
/// write lock for the whole transaction (<c>BEGIN IMMEDIATE</c>), so this is atomic also against other processes on the
/// file, and nothing is acknowledged before the commit is on disk. <see cref="UpdateIAmAlive"/> writes the heartbeat
/// alone: neither the version nor the row ETag moves, so it never makes a vote lose its swap.
/// </summary>
internal sealed class SqliteOrleansMembershipTable(SqliteDatabase database, IOptions<ClusterOptions> clusterOptions) : OrleansMembershipTable
{
    private const string Key = "cluster_id = $cluster AND address = $address AND port = $port AND generation = $generation";
    private const string Columns = """
        m.address, m.port, m.generation, m.silo_name, m.host_name, m.status, m.proxy_port, m.role_name,
        m.update_zone, m.fault_zone, m.start_time, m.iamalive_time, m.suspect_times, m.etag
        """;

    private readonly string _clusterId = clusterOptions.Value.ClusterId;

    public Task InitializeMembershipTable(bool tryInitTableVersion) => InitializeMembershipTableAsync(tryInitTableVersion, CancellationToken.None);

    public async Task InitializeMembershipTableAsync(bool tryInitTableVersion, CancellationToken cancellationToken)
    {
        await database.EnsureInitializedAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        if (tryInitTableVersion)
        {
            var etag = NewVersionETag();
            await database.Commits.EnqueueAsync(connection =>
            {
                using var command = connection.CreateCommand();
                command.CommandText = "INSERT INTO orleans_membership_version (cluster_id, version, etag) VALUES ($cluster, 0, $etag) ON CONFLICT (cluster_id) DO NOTHING";
                command.Parameters.AddWithValue("$cluster", _clusterId);
                command.Parameters.AddWithValue("$etag", etag);
                return command.ExecuteNonQuery();
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task DeleteMembershipTableEntries(string clusterId) => DeleteMembershipTableEntriesAsync(clusterId, CancellationToken.None);

    public Task DeleteMembershipTableEntriesAsync(string clusterId, CancellationToken cancellationToken) =>
        database.Commits.EnqueueAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                DELETE FROM orleans_membership WHERE cluster_id = $cluster;
                DELETE FROM orleans_membership_version WHERE cluster_id = $cluster;
                """;
            command.Parameters.AddWithValue("$cluster", clusterId);
            return command.ExecuteNonQuery();
        }, cancellationToken);

    public Task CleanupDefunctSiloEntries(DateTimeOffset beforeDate) => CleanupDefunctSiloEntriesAsync(beforeDate, CancellationToken.None);

    public Task CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken)
    {
        var cutoff = SqliteMembershipText.Time(beforeDate);
        return database.Commits.EnqueueAsync(connection =>
        {
            // As Orleans' own tables: any row not Active whose last sign of life (start or heartbeat) is older than the cutoff.
            // The version does not move: no live silo's view depends on a row that old.
            using var command = connection.CreateCommand();
            command.CommandText = """
                DELETE FROM orleans_membership
                WHERE cluster_id = $cluster AND status <> 'Active' AND MAX(start_time, iamalive_time) < $cutoff
                """;
            command.Parameters.AddWithValue("$cluster", _clusterId);
            command.Parameters.AddWithValue("$cutoff", cutoff);
            return command.ExecuteNonQuery();
        }, cancellationToken);
    }

    public Task<MembershipTableData> ReadRow(SiloAddress key) => ReadRowAsync(key, CancellationToken.None);

    public Task<MembershipTableData> ReadRowAsync(SiloAddress key, CancellationToken cancellationToken) => Task.FromResult(Read(key));

    public Task<MembershipTableData> ReadAll() => ReadAllAsync(CancellationToken.None);

    public Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken) => Task.FromResult(Read(null));

    public Task<bool> InsertRow(MembershipEntry entry, TableVersion tableVersion) => InsertRowAsync(entry, tableVersion, CancellationToken.None);

    public Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion tableVersion, CancellationToken cancellationToken)
    {
        var newETag = NewVersionETag();
        return database.Commits.EnqueueAsync(connection =>
        {
            using (var version = connection.CreateCommand())
            {
                version.CommandText = $"""
                    UPDATE orleans_membership_version SET version = $version, etag = $newETag
                    WHERE cluster_id = $cluster AND version = $version - 1 AND etag = $etag
                      AND NOT EXISTS (SELECT 1 FROM orleans_membership WHERE {Key})
                    """;
                AddKey(version, entry.SiloAddress);
                AddVersion(version, tableVersion, newETag);
                if (version.ExecuteNonQuery() == 0)
                {
                    return false;
                }
            }

            using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO orleans_membership (cluster_id, address, port, generation, silo_name, host_name, status, proxy_port, role_name,
                                                update_zone, fault_zone, start_time, iamalive_time, suspect_times, etag)
                VALUES ($cluster, $address, $port, $generation, $siloName, $hostName, $status, $proxyPort, $roleName,
                        $updateZone, $faultZone, $startTime, $iAmAliveTime, $suspectTimes, 1)
                """;
            AddKey(insert, entry.SiloAddress);
            insert.Parameters.AddWithValue("$siloName", entry.SiloName ?? "");
            insert.Parameters.AddWithValue("$hostName", entry.HostName ?? "");
            insert.Parameters.AddWithValue("$status", entry.Status.ToString());
            insert.Parameters.AddWithValue("$proxyPort", entry.ProxyPort);
            insert.Parameters.AddWithValue("$roleName", (object?)entry.RoleName ?? DBNull.Value);
            insert.Parameters.AddWithValue("$updateZone", entry.UpdateZone);
            insert.Parameters.AddWithValue("$faultZone", entry.FaultZone);
            insert.Parameters.AddWithValue("$startTime", SqliteMembershipText.Time(entry.StartTime));
            insert.Parameters.AddWithValue("$iAmAliveTime", SqliteMembershipText.Time(entry.IAmAliveTime));
            insert.Parameters.AddWithValue("$suspectTimes", SqliteMembershipText.SuspectTimes(entry.SuspectTimes));
            insert.ExecuteNonQuery();
            return true;
        }, cancellationToken);
    }

    public Task<bool> UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion) => UpdateRowAsync(entry, etag, tableVersion, CancellationToken.None);

    public Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion tableVersion, CancellationToken cancellationToken)
    {
        if (!long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var rowETag))
        {
            // Not an ETag this table hands out, so it cannot be the row's current one.
            return Task.FromResult(false);
        }

        var newETag = NewVersionETag();
        return database.Commits.EnqueueAsync(connection =>
        {
            using (var version = connection.CreateCommand())
            {
                version.CommandText = $"""
                    UPDATE orleans_membership_version SET version = $version, etag = $newETag
                    WHERE cluster_id = $cluster AND version = $version - 1 AND etag = $etag
                      AND EXISTS (SELECT 1 FROM orleans_membership WHERE {Key} AND etag = $rowETag)
                    """;
                AddKey(version, entry.SiloAddress);
                AddVersion(version, tableVersion, newETag);
                version.Parameters.AddWithValue("$rowETag", rowETag);
                if (version.ExecuteNonQuery() == 0)
                {
                    return false;
                }
            }

            // Status and votes are what an update changes; identity, ports and start time are fixed at insert. The heartbeat
            // belongs to the silo (UpdateIAmAlive, no swap): a voter writing the row it read a moment ago must not move that
            // silo's heartbeat back, hence MAX.
            using var update = connection.CreateCommand();
            update.CommandText = $"""
                UPDATE orleans_membership
                SET status = $status, suspect_times = $suspectTimes, iamalive_time = MAX(iamalive_time, $iAmAliveTime), etag = etag + 1
                WHERE {Key} AND etag = $rowETag
                """;
            AddKey(update, entry.SiloAddress);
            update.Parameters.AddWithValue("$status", entry.Status.ToString());
            update.Parameters.AddWithValue("$suspectTimes", SqliteMembershipText.SuspectTimes(entry.SuspectTimes));
            update.Parameters.AddWithValue("$iAmAliveTime", SqliteMembershipText.Time(entry.IAmAliveTime));
            update.Parameters.AddWithValue("$rowETag", rowETag);
            return update.ExecuteNonQuery() == 1
                ? true
                : throw new InvalidOperationException($"Membership row {entry.SiloAddress} changed inside the transaction that checked its ETag.");
        }, cancellationToken);
    }

    public Task UpdateIAmAlive(MembershipEntry entry) => UpdateIAmAliveAsync(entry, CancellationToken.None);

    public Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken)
    {
        var iAmAliveTime = SqliteMembershipText.Time(entry.IAmAliveTime);
        return database.Commits.EnqueueAsync(connection =>
        {
            // A heartbeat never brings a Dead row back to life for those who read the table, and never moves it back.
            var command = SqliteStatements.Reused(connection, $"""
                UPDATE orleans_membership SET iamalive_time = MAX(iamalive_time, $iAmAliveTime)
                WHERE {Key} AND status <> 'Dead'
                """);
            command.Bind("$cluster", _clusterId);
            command.Bind("$address", entry.SiloAddress.Endpoint.Address.ToString());
            command.Bind("$port", entry.SiloAddress.Endpoint.Port);
            command.Bind("$generation", entry.SiloAddress.Generation);
            command.Bind("$iAmAliveTime", iAmAliveTime);
            return command.ExecuteNonQuery();
        }, cancellationToken);
    }

    private MembershipTableData Read(SiloAddress? key) => database.Read(connection =>
    {
        // One statement reads one snapshot of the file: the version and the rows belong together.
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT v.version, v.etag, {Columns}
            FROM orleans_membership_version v
            LEFT JOIN orleans_membership m ON m.cluster_id = v.cluster_id {(key is null ? "" : "AND m.address = $address AND m.port = $port AND m.generation = $generation")}
            WHERE v.cluster_id = $cluster
            """;
        if (key is null)
        {
            command.Parameters.AddWithValue("$cluster", _clusterId);
        }
        else
        {
            AddKey(command, key);
        }

        using var reader = command.ExecuteReader();
        TableVersion? version = null;
        var rows = new List<Tuple<MembershipEntry, string>>();
        while (reader.Read())
        {
            version ??= new TableVersion(reader.GetInt32(0), reader.GetString(1));
            if (!reader.IsDBNull(2))
            {
                rows.Add(Tuple.Create(ReadEntry(reader, 2), reader.GetInt64(15).ToString(CultureInfo.InvariantCulture)));
            }
        }

        // A cluster whose table was never initialized reads as empty at version 0; no swap can succeed against it.
        return new MembershipTableData(rows, version ?? new TableVersion(0, "0"));
    });

    private static MembershipEntry ReadEntry(SqliteDataReader reader, int first) => new()
    {
        SiloAddress = SiloAddress.New(new IPEndPoint(IPAddress.Parse(reader.GetString(first)), reader.GetInt32(first + 1)), reader.GetInt32(first + 2)),
        SiloName = reader.GetString(first + 3),
        HostName = reader.GetString(first + 4),
        Status = Enum.Parse<SiloStatus>(reader.GetString(first + 5)),
        ProxyPort = reader.GetInt32(first + 6),
        RoleName = reader.IsDBNull(first + 7) ? null : reader.GetString(first + 7),
        UpdateZone = reader.GetInt32(first + 8),
        FaultZone = reader.GetInt32(first + 9),
        StartTime = SqliteMembershipText.ParseTime(reader.GetString(first + 10)),
        IAmAliveTime = SqliteMembershipText.ParseTime(reader.GetString(first + 11)),
        SuspectTimes = SqliteMembershipText.ParseSuspectTimes(reader.GetString(first + 12)),
    };

    private void AddKey(SqliteCommand command, SiloAddress silo)
    {
        command.Parameters.AddWithValue("$cluster", _clusterId);
        command.Parameters.AddWithValue("$address", silo.Endpoint.Address.ToString());
        command.Parameters.AddWithValue("$port", silo.Endpoint.Port);
        command.Parameters.AddWithValue("$generation", silo.Generation);
    }

    private static void AddVersion(SqliteCommand command, TableVersion proposed, string newETag)
    {
        command.Parameters.AddWithValue("$version", proposed.Version);
        command.Parameters.AddWithValue("$etag", proposed.VersionEtag ?? "");
        command.Parameters.AddWithValue("$newETag", newETag);
    }

    // A fresh ETag per change, not the version number: after the table is deleted and created again at version 0, an ETag
    // read before cannot match by accident.
    private static string NewVersionETag() => Guid.NewGuid().ToString("N");
}
