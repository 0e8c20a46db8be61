namespace Leasehold.Storage.Sqlite;

/// <summary>
/// The tables behind Orleans' interfaces, created with the rest of the schema (<c>SqliteDatabase</c>). The membership
/// table carries every field of Orleans' <c>MembershipEntry</c> and a version ETag.
/// </summary>
internal static class SqliteOrleansSchema
{
    /// <summary>
    /// <c>orleans_membership_version</c>: one row per cluster, the <c>TableVersion</c> (number and ETag) that every change
    /// moves by a compare-and-swap. <c>orleans_membership</c>: one row per silo incarnation (address, port, generation)
    /// with an integer row ETag. <c>orleans_grain_state</c>: grain state per (service, state name, grain id), written with
    /// Orleans' serializer; a cleared state keeps its row with a null payload, so an ETag is never handed out twice.
    /// </summary>
    public const string Tables = """
        CREATE TABLE IF NOT EXISTS orleans_membership_version (
            cluster_id TEXT PRIMARY KEY,
            version    INTEGER NOT NULL,
            etag       TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS orleans_membership (
            cluster_id    TEXT NOT NULL,
            address       TEXT NOT NULL,
            port          INTEGER NOT NULL,
            generation    INTEGER NOT NULL,
            silo_name     TEXT NOT NULL,
            host_name     TEXT NOT NULL,
            status        TEXT NOT NULL,
            proxy_port    INTEGER NOT NULL,
            role_name     TEXT,
            update_zone   INTEGER NOT NULL,
            fault_zone    INTEGER NOT NULL,
            start_time    TEXT NOT NULL,
            iamalive_time TEXT NOT NULL,
            suspect_times TEXT NOT NULL,
            etag          INTEGER NOT NULL,
            PRIMARY KEY (cluster_id, address, port, generation)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS orleans_grain_state (
            service_id TEXT NOT NULL,
            state_name TEXT NOT NULL,
            grain_id   TEXT NOT NULL,
            etag       INTEGER NOT NULL,
            payload    BLOB,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (service_id, state_name, grain_id)) WITHOUT ROWID;
        """;
}
