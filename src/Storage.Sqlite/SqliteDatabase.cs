using Leasehold.Storage;
using Leasehold.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Leasehold.Storage.Sqlite;

/// <summary>
/// One SQLite database file in WAL mode with <c>synchronous=FULL</c>: reads open pooled connections
/// and run beside the writer; writes go through the <see cref="SqliteCommitQueue"/>, which commits
/// many of them in one transaction and one fsync.
/// </summary>
internal sealed class SqliteDatabase : IAsyncDisposable
{
    // 2: the orleans_* tables (Orleans' membership table and grain storage). Files of version 1 also hold grain_state and
    // membership, the tables of the runtime Leasehold had before Orleans; nothing reads them any more.
    // 3: objects.deleted, the tombstones of fenced deletes (AddTombstones migrates a file of version 2).
    private const int SchemaVersion = 3;
    private readonly string _connectionString;
    private readonly Lock _initializing = new();
    private Task? _initialized;

    public SqliteDatabase(IOptions<StorageOptions> options, TimeProvider time)
    {
        var builder = ParseConnectionString(options.Value.ConnectionString);
        builder.Pooling = true;
        builder.Mode = SqliteOpenMode.ReadWriteCreate;
        _connectionString = builder.ToString();
        DataSource = builder.DataSource;
        Time = time;
        Commits = new SqliteCommitQueue(this, options.Value.MaxBatchSize);
    }

    public string DataSource { get; }

    public TimeProvider Time { get; }

    public SqliteCommitQueue Commits { get; }

    /// <summary>Creates the file, its folder and the schema if missing; fails with a message naming the setting if it cannot.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        try
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(DataSource));
            if (!string.IsNullOrEmpty(folder) && DataSource != ":memory:")
            {
                Directory.CreateDirectory(folder);
            }

            await using var connection = Open();
            await using (var wal = connection.CreateCommand())
            {
                // WAL is a property of the file: readers proceed while one writer commits.
                wal.CommandText = "PRAGMA journal_mode=WAL";
                await wal.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
                CREATE TABLE IF NOT EXISTS objects (
                    key          TEXT PRIMARY KEY,
                    resource     TEXT NOT NULL,
                    fence        INTEGER NOT NULL,
                    version      INTEGER NOT NULL,
                    content_type TEXT NOT NULL,
                    value        BLOB NOT NULL,
                    updated_at   TEXT NOT NULL,
                    deleted      INTEGER NOT NULL DEFAULT 0);
                CREATE TABLE IF NOT EXISTS cluster_secrets (
                    name       TEXT PRIMARY KEY,
                    value      BLOB NOT NULL,
                    created_at TEXT NOT NULL);
                {SqliteOrleansSchema.Tables}
                """;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            AddTombstones(connection);

            command.CommandText = $"""
                INSERT INTO schema_version (version) SELECT {SchemaVersion} WHERE NOT EXISTS (SELECT 1 FROM schema_version WHERE version >= {SchemaVersion});
                SELECT MAX(version) FROM schema_version;
                """;
            var version = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false));
            if (version > SchemaVersion)
            {
                throw new InvalidOperationException(
                    $"Storage:ConnectionString points at a database of schema version {version}, newer than this build understands ({SchemaVersion}).");
            }
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"Storage:ConnectionString '{DataSource}' cannot be opened as a SQLite database: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Schema 3: a file of an earlier version has an objects table without the <c>deleted</c> column; it is added (every
    /// existing row live). Checked and altered in one write transaction, so silos of one file that start together add it once.
    /// </summary>
    private static void AddTombstones(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COUNT(*) FROM pragma_table_info('objects') WHERE name = 'deleted'";
        if (Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            command.CommandText = "ALTER TABLE objects ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0";
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>
    /// <see cref="InitializeAsync"/> once per instance, for the Orleans providers, which share one database and each need
    /// the schema before their first statement; a failed attempt is not kept, so the next caller tries again.
    /// </summary>
    public Task EnsureInitializedAsync()
    {
        lock (_initializing)
        {
            if (_initialized is null || _initialized.IsFaulted || _initialized.IsCanceled)
            {
                _initialized = InitializeAsync(CancellationToken.None);
            }

            return _initialized;
        }
    }

    /// <summary>An open connection with this database's per-connection settings.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragmas = connection.CreateCommand();

        // FULL: a commit is on disk before it is acknowledged, also across power loss (WAL fsync per commit).
        pragmas.CommandText = "PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000;";
        pragmas.ExecuteNonQuery();
        return connection;
    }

    /// <summary>Runs a read on a pooled connection, mapping database faults to <see cref="StorageUnavailableException"/>.</summary>
    public T Read<T>(Func<SqliteConnection, T> read)
    {
        try
        {
            using var connection = Open();
            return read(connection);
        }
        catch (SqliteException ex)
        {
            throw new StorageUnavailableException($"Reading from {DataSource} failed: {ex.Message}", ex);
        }
    }

    public string UtcNowText() => Time.GetUtcNow().ToString("O");

    public ValueTask DisposeAsync() => Commits.DisposeAsync();

    private static SqliteConnectionStringBuilder ParseConnectionString(string connectionString)
    {
        try
        {
            var builder = new SqliteConnectionStringBuilder(connectionString);
            if (string.IsNullOrWhiteSpace(builder.DataSource))
            {
                throw new ArgumentException("it names no Data Source");
            }

            return builder;
        }
        catch (ArgumentException ex)
        {
            throw new OptionsValidationException(StorageOptions.Section, typeof(StorageOptions),
                [$"Storage:ConnectionString '{connectionString}' is not a SQLite connection string: {ex.Message}"]);
        }
    }
}
