using Npgsql;

namespace Leasehold.Storage.Postgres;

/// <summary>
/// The tables, as numbered migrations recorded in <c>schema_version</c>. Every silo runs this at start;
/// an advisory lock on the schema name makes silos that start together apply each migration once, and a
/// database already migrated past this build stops the start rather than being written with old rules.
/// </summary>
internal static class PostgresSchema
{
    /// <summary>
    /// The migrations in order; a new one is appended, an applied one is never edited. The first one's <c>grain_state</c>,
    /// <c>membership_version</c> and <c>membership</c> belonged to the runtime Leasehold had before Orleans; nothing reads
    /// them any more (the second one's <c>orleans_*</c> tables replaced them).
    /// </summary>
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE grain_state (
            grain_type text        NOT NULL,
            grain_key  text        NOT NULL,
            etag       bigint      NOT NULL,
            payload    bytea       NOT NULL,
            updated_at timestamptz NOT NULL,
            PRIMARY KEY (grain_type, grain_key));
        CREATE TABLE objects (
            key          text PRIMARY KEY,
            resource     text        NOT NULL,
            fence        bigint      NOT NULL,
            version      bigint      NOT NULL,
            content_type text        NOT NULL,
            value        bytea       NOT NULL,
            updated_at   timestamptz NOT NULL);
        CREATE TABLE cluster_secrets (
            name       text PRIMARY KEY,
            value      bytea       NOT NULL,
            created_at timestamptz NOT NULL);
        CREATE TABLE membership_version (
            cluster_id text PRIMARY KEY,
            version    bigint NOT NULL);
        CREATE TABLE membership (
            cluster_id  text        NOT NULL,
            host        text        NOT NULL,
            port        integer     NOT NULL,
            generation  bigint      NOT NULL,
            status      text        NOT NULL,
            suspicions  jsonb       NOT NULL,
            started_at  timestamptz NOT NULL,
            iamalive_at timestamptz NOT NULL,
            etag        bigint      NOT NULL,
            PRIMARY KEY (cluster_id, host, port, generation));
        """,
        Leasehold.Storage.Postgres.PostgresOrleansSchema.Tables,
        // 3: tombstones of fenced deletes (every existing row live), and the ordinal index listings by prefix range over.
        """
        ALTER TABLE objects ADD COLUMN deleted boolean NOT NULL DEFAULT false;
        CREATE INDEX objects_key_ordinal ON objects (key COLLATE "C");
        """,
    ];

    /// <summary>The schema version this build writes.</summary>
    public static int Version => Migrations.Length;

    public static async Task MigrateAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var prepare = connection.CreateCommand())
        {
            // The lock comes first: two silos creating the same table at once would otherwise collide in the catalog.
            prepare.CommandText = """
                SELECT pg_advisory_xact_lock(hashtext('leasehold.schema.' || coalesce(current_schema(), '')));
                CREATE TABLE IF NOT EXISTS schema_version (
                    version    integer PRIMARY KEY,
                    applied_at timestamptz NOT NULL DEFAULT now());
                """;
            await prepare.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        int current;
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT coalesce(max(version), 0) FROM schema_version";
            current = Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        }

        if (current > Version)
        {
            throw new InvalidOperationException(
                $"Storage:ConnectionString points at a database of schema version {current}, newer than this build understands ({Version}).");
        }

        for (var version = current + 1; version <= Version; version++)
        {
            await using var migrate = connection.CreateCommand();
            migrate.CommandText = Migrations[version - 1] + ";\nINSERT INTO schema_version (version) VALUES (@version);";
            migrate.Parameters.AddWithValue("version", version);
            await migrate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
