using System.Globalization;
using System.Net;
using Leasehold.Storage.Postgres;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;
using OrleansMembershipTable = Orleans.IMembershipTable;

namespace Leasehold.Storage.Postgres;

/// <summary>
/// Orleans' membership table on PostgreSQL (<c>orleans_membership_version</c>, <c>orleans_membership</c>). Every insert
/// and update is one compare-and-swap over both tables in one operation of the group commit: the version row moves from
/// the <see cref="TableVersion"/> the caller read (number − 1 and its ETag) to the one it proposes, only if the row is
/// absent (insert) or still has the caller's ETag (update), and only then is the row written. The version update locks
/// the version row until commit; a silo racing from the same read waits on that lock, then re-checks the version against
/// the committed row and matches nothing, so of two changes from one view exactly one wins, whichever machines they come
/// from. Nothing is acknowledged before the commit. <see cref="UpdateIAmAlive"/> writes the heartbeat alone: neither the
/// version nor the row ETag moves, so it never makes a vote lose its swap.
/// </summary>
internal sealed class PostgresOrleansMembershipTable(PostgresDatabase database, IOptions<ClusterOptions> clusterOptions) : OrleansMembershipTable
{
    private const string Key = "cluster_id = @cluster AND address = @address AND port = @port AND generation = @generation";
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
            await database.Commits.EnqueueAsync(async connection =>
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "INSERT INTO orleans_membership_version (cluster_id, version, etag) VALUES (@cluster, 0, @etag) ON CONFLICT (cluster_id) DO NOTHING";
                command.Parameters.AddWithValue("cluster", _clusterId);
                command.Parameters.AddWithValue("etag", etag);
                return await command.ExecuteNonQueryAsync().ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task DeleteMembershipTableEntries(string clusterId) => DeleteMembershipTableEntriesAsync(clusterId, CancellationToken.None);

    public Task DeleteMembershipTableEntriesAsync(string clusterId, CancellationToken cancellationToken) =>
        database.Commits.EnqueueAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """
                DELETE FROM orleans_membership WHERE cluster_id = @cluster;
                DELETE FROM orleans_membership_version WHERE cluster_id = @cluster;
                """;
            command.Parameters.AddWithValue("cluster", clusterId);
            return await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }, cancellationToken);

    public Task CleanupDefunctSiloEntries(DateTimeOffset beforeDate) => CleanupDefunctSiloEntriesAsync(beforeDate, CancellationToken.None);

    public Task CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken) =>
        database.Commits.EnqueueAsync(async connection =>
        {
            // As Orleans' own tables: any row not Active whose last sign of life (start or heartbeat) is older than the cutoff.
            // The version does not move: no live silo's view depends on a row that old.
            await using var command = connection.CreateCommand();
            command.CommandText = """
                DELETE FROM orleans_membership
                WHERE cluster_id = @cluster AND status <> 'Active' AND GREATEST(start_time, iamalive_time) < @cutoff
                """;
            command.Parameters.AddWithValue("cluster", _clusterId);
            command.Parameters.AddWithValue("cutoff", beforeDate.ToUniversalTime());
            return await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }, cancellationToken);

    public Task<MembershipTableData> ReadRow(SiloAddress key) => ReadAsync(key, CancellationToken.None);

    public Task<MembershipTableData> ReadRowAsync(SiloAddress key, CancellationToken cancellationToken) => ReadAsync(key, cancellationToken);

    public Task<MembershipTableData> ReadAll() => ReadAsync(null, CancellationToken.None);

    public Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken) => ReadAsync(null, cancellationToken);

    public Task<bool> InsertRow(MembershipEntry entry, TableVersion tableVersion) => InsertRowAsync(entry, tableVersion, CancellationToken.None);

    public Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion tableVersion, CancellationToken cancellationToken)
    {
        var newETag = NewVersionETag();
        return database.Commits.EnqueueAsync(async connection =>
        {
            await using (var version = connection.CreateCommand())
            {
                version.CommandText = $"""
                    UPDATE orleans_membership_version SET version = @version, etag = @newETag
                    WHERE cluster_id = @cluster AND version = @version - 1 AND etag = @etag
                      AND NOT EXISTS (SELECT 1 FROM orleans_membership WHERE {Key})
                    """;
                AddKey(version, entry.SiloAddress);
                AddVersion(version, tableVersion, newETag);
                if (await version.ExecuteNonQueryAsync().ConfigureAwait(false) == 0)
                {
                    return false;
                }
            }

            await using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO orleans_membership (cluster_id, address, port, generation, silo_name, host_name, status, proxy_port, role_name,
                                                update_zone, fault_zone, start_time, iamalive_time, suspect_times, etag)
                VALUES (@cluster, @address, @port, @generation, @siloName, @hostName, @status, @proxyPort, @roleName,
                        @updateZone, @faultZone, @startTime, @iAmAliveTime, @suspectTimes, 1)
                """;
            AddKey(insert, entry.SiloAddress);
            insert.Parameters.AddWithValue("siloName", entry.SiloName ?? "");
            insert.Parameters.AddWithValue("hostName", entry.HostName ?? "");
            insert.Parameters.AddWithValue("status", entry.Status.ToString());
            insert.Parameters.AddWithValue("proxyPort", entry.ProxyPort);
            insert.Parameters.Add(new NpgsqlParameter("roleName", NpgsqlDbType.Text) { Value = (object?)entry.RoleName ?? DBNull.Value });
            insert.Parameters.AddWithValue("updateZone", entry.UpdateZone);
            insert.Parameters.AddWithValue("faultZone", entry.FaultZone);
            insert.Parameters.AddWithValue("startTime", PostgresMembershipText.Utc(entry.StartTime));
            insert.Parameters.AddWithValue("iAmAliveTime", PostgresMembershipText.Utc(entry.IAmAliveTime));
            insert.Parameters.AddWithValue("suspectTimes", PostgresMembershipText.SuspectTimes(entry.SuspectTimes));
            await insert.ExecuteNonQueryAsync().ConfigureAwait(false);
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
        return database.Commits.EnqueueAsync(async connection =>
        {
            await using (var version = connection.CreateCommand())
            {
                version.CommandText = $"""
                    UPDATE orleans_membership_version SET version = @version, etag = @newETag
                    WHERE cluster_id = @cluster AND version = @version - 1 AND etag = @etag
                      AND EXISTS (SELECT 1 FROM orleans_membership WHERE {Key} AND etag = @rowETag)
                    """;
                AddKey(version, entry.SiloAddress);
                AddVersion(version, tableVersion, newETag);
                version.Parameters.AddWithValue("rowETag", rowETag);
                if (await version.ExecuteNonQueryAsync().ConfigureAwait(false) == 0)
                {
                    return false;
                }
            }

            // Status and votes are what an update changes; identity, ports and start time are fixed at insert. The heartbeat
            // belongs to the silo (UpdateIAmAlive, no swap): a voter writing the row it read a moment ago must not move that
            // silo's heartbeat back, hence GREATEST.
            await using var update = connection.CreateCommand();
            update.CommandText = $"""
                UPDATE orleans_membership
                SET status = @status, suspect_times = @suspectTimes, iamalive_time = GREATEST(iamalive_time, @iAmAliveTime), etag = etag + 1
                WHERE {Key} AND etag = @rowETag
                """;
            AddKey(update, entry.SiloAddress);
            update.Parameters.AddWithValue("status", entry.Status.ToString());
            update.Parameters.AddWithValue("suspectTimes", PostgresMembershipText.SuspectTimes(entry.SuspectTimes));
            update.Parameters.AddWithValue("iAmAliveTime", PostgresMembershipText.Utc(entry.IAmAliveTime));
            update.Parameters.AddWithValue("rowETag", rowETag);
            return await update.ExecuteNonQueryAsync().ConfigureAwait(false) == 1
                ? true
                : throw new InvalidOperationException($"Membership row {entry.SiloAddress} changed inside the transaction that checked its ETag.");
        }, cancellationToken);
    }

    public Task UpdateIAmAlive(MembershipEntry entry) => UpdateIAmAliveAsync(entry, CancellationToken.None);

    public Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken)
    {
        var iAmAliveTime = PostgresMembershipText.Utc(entry.IAmAliveTime);
        return database.Commits.EnqueueAsync(async connection =>
        {
            // A heartbeat never brings a Dead row back to life for those who read the table, and never moves it back.
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                UPDATE orleans_membership SET iamalive_time = GREATEST(iamalive_time, @iAmAliveTime)
                WHERE {Key} AND status <> 'Dead'
                """;
            AddKey(command, entry.SiloAddress);
            command.Parameters.AddWithValue("iAmAliveTime", iAmAliveTime);
            return await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }, cancellationToken);
    }

    private Task<MembershipTableData> ReadAsync(SiloAddress? key, CancellationToken cancellationToken) => database.ReadAsync(async (connection, ct) =>
    {
        // One statement reads one snapshot: the version and the rows belong together.
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT v.version, v.etag, {Columns}
            FROM orleans_membership_version v
            LEFT JOIN orleans_membership m ON m.cluster_id = v.cluster_id {(key is null ? "" : "AND m.address = @address AND m.port = @port AND m.generation = @generation")}
            WHERE v.cluster_id = @cluster
            """;
        if (key is null)
        {
            command.Parameters.AddWithValue("cluster", _clusterId);
        }
        else
        {
            AddKey(command, key);
        }

        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        TableVersion? version = null;
        var rows = new List<Tuple<MembershipEntry, string>>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            version ??= new TableVersion(reader.GetInt32(0), reader.GetString(1));
            if (!reader.IsDBNull(2))
            {
                rows.Add(Tuple.Create(ReadEntry(reader, 2), reader.GetInt64(15).ToString(CultureInfo.InvariantCulture)));
            }
        }

        // A cluster whose table was never initialized reads as empty at version 0; no swap can succeed against it.
        return new MembershipTableData(rows, version ?? new TableVersion(0, "0"));
    }, cancellationToken);

    private static MembershipEntry ReadEntry(NpgsqlDataReader reader, int first) => new()
    {
        SiloAddress = SiloAddress.New(new IPEndPoint(IPAddress.Parse(reader.GetString(first)), reader.GetInt32(first + 1)), reader.GetInt32(first + 2)),
        SiloName = reader.GetString(first + 3),
        HostName = reader.GetString(first + 4),
        Status = Enum.Parse<SiloStatus>(reader.GetString(first + 5)),
        ProxyPort = reader.GetInt32(first + 6),
        RoleName = reader.IsDBNull(first + 7) ? null : reader.GetString(first + 7),
        UpdateZone = reader.GetInt32(first + 8),
        FaultZone = reader.GetInt32(first + 9),
        StartTime = reader.GetDateTime(first + 10),
        IAmAliveTime = reader.GetDateTime(first + 11),
        SuspectTimes = PostgresMembershipText.ParseSuspectTimes(reader.GetString(first + 12)),
    };

    private void AddKey(NpgsqlCommand command, SiloAddress silo)
    {
        command.Parameters.AddWithValue("cluster", _clusterId);
        command.Parameters.AddWithValue("address", silo.Endpoint.Address.ToString());
        command.Parameters.AddWithValue("port", silo.Endpoint.Port);
        command.Parameters.AddWithValue("generation", silo.Generation);
    }

    private static void AddVersion(NpgsqlCommand command, TableVersion proposed, string newETag)
    {
        command.Parameters.AddWithValue("version", proposed.Version);
        command.Parameters.AddWithValue("etag", proposed.VersionEtag ?? "");
        command.Parameters.AddWithValue("newETag", newETag);
    }

    // A fresh ETag per change, not the version number: after the table is deleted and created again at version 0, an ETag
    // read before cannot match by accident.
    private static string NewVersionETag() => Guid.NewGuid().ToString("N");
}
