namespace Leasehold.Storage.Postgres;

/// <summary>
/// The tables behind Orleans' interfaces: migration 2 of <c>PostgresSchema</c>. The membership table carries every field
/// of Orleans' <c>MembershipEntry</c> and a version ETag.
/// </summary>
internal static class PostgresOrleansSchema
{
    /// <summary>
    /// <c>orleans_membership_version</c>: one row per cluster, the <c>TableVersion</c> (number and ETag) that every change
    /// moves by a compare-and-swap. <c>orleans_membership</c>: one row per silo incarnation (address, port, generation)
    /// with an integer row ETag. <c>orleans_grain_state</c>: grain state per (service, state name, grain id), written with
    /// Orleans' serializer; a cleared state keeps its row with a null payload, so an ETag is never handed out twice.
    /// </summary>
    public const string Tables = """
        CREATE TABLE orleans_membership_version (
            cluster_id text PRIMARY KEY,
            version    integer NOT NULL,
            etag       text    NOT NULL);
        CREATE TABLE orleans_membership (
            cluster_id    text        NOT NULL,
            address       text        NOT NULL,
            port          integer     NOT NULL,
            generation    integer     NOT NULL,
            silo_name     text        NOT NULL,
            host_name     text        NOT NULL,
            status        text        NOT NULL,
            proxy_port    integer     NOT NULL,
            role_name     text,
            update_zone   integer     NOT NULL,
            fault_zone    integer     NOT NULL,
            start_time    timestamptz NOT NULL,
            iamalive_time timestamptz NOT NULL,
            suspect_times text        NOT NULL,
            etag          bigint      NOT NULL,
            PRIMARY KEY (cluster_id, address, port, generation));
        CREATE TABLE orleans_grain_state (
            service_id text        NOT NULL,
            state_name text        NOT NULL,
            grain_id   text        NOT NULL,
            etag       bigint      NOT NULL,
            payload    bytea,
            updated_at timestamptz NOT NULL,
            PRIMARY KEY (service_id, state_name, grain_id));
        """;
}
