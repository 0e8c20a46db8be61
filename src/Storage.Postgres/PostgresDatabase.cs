using System.Data.Common;
using Leasehold.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Leasehold.Storage.Postgres;

/// <summary>
/// One PostgreSQL database shared by every silo of a cluster: reads run on pooled connections beside
/// the writer; writes go through the <see cref="PostgresCommitQueue"/>, which commits many of them in
/// one transaction and one WAL flush. Tables live in the connection's current schema (the first of
/// <c>Search Path</c>), so several clusters or test runs can share one database.
/// </summary>
internal sealed class PostgresDatabase : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly Lock _initializing = new();
    private Task? _initialized;

    public PostgresDatabase(IOptions<StorageOptions> options, TimeProvider time)
    {
        var builder = ParseConnectionString(options.Value.ConnectionString);
        Server = $"{builder.Host}:{builder.Port}/{builder.Database}";
        _dataSource = NpgsqlDataSource.Create(builder);
        Time = time;
        Commits = new PostgresCommitQueue(this, options.Value.MaxBatchSize);
    }

    /// <summary>Host, port and database, for messages; never the password.</summary>
    public string Server { get; }

    public TimeProvider Time { get; }

    public PostgresCommitQueue Commits { get; }

    /// <summary>Creates or migrates the schema; fails with a message naming the setting if the server cannot be used.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await PostgresSchema.MigrateAsync(connection, cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            throw new InvalidOperationException($"Storage:ConnectionString names PostgreSQL at {Server}, which cannot be used: {ex.Message}", ex);
        }
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

    /// <summary>
    /// Opens the writer's connection. Durability is not left to the server's default: a session whose
    /// <c>synchronous_commit</c> is <c>off</c> could acknowledge a commit that a crash then loses, so it is
    /// raised to <c>on</c> (a server that asks for more, such as <c>remote_apply</c>, keeps its setting).
    /// </summary>
    public async Task<NpgsqlConnection> OpenWriterAsync()
    {
        var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT set_config('synchronous_commit', 'on', false) WHERE current_setting('synchronous_commit') = 'off'";
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs a read on a pooled connection, mapping database faults to <see cref="StorageUnavailableException"/>.</summary>
    public async Task<T> ReadAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            return await read(connection, cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException ex) when (!cancellationToken.IsCancellationRequested)
        {
            ForgetBrokenConnections(ex);
            throw new StorageUnavailableException($"Reading from PostgreSQL at {Server} failed: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// After the server went away (restart, failover), every idle pooled connection is broken too: drop
    /// them, so the first requests after the server returns do not fail one by one on dead sockets.
    /// </summary>
    public void ForgetBrokenConnections(Exception fault)
    {
        if (PostgresFaults.IsConnectionLost(fault))
        {
            _dataSource.Clear();
        }
    }

    public DateTimeOffset UtcNow() => Time.GetUtcNow().ToUniversalTime();

    public async ValueTask DisposeAsync()
    {
        await Commits.DisposeAsync().ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    private static NpgsqlConnectionStringBuilder ParseConnectionString(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (string.IsNullOrWhiteSpace(builder.Host))
            {
                throw new ArgumentException("it names no Host");
            }

            // Statements repeat with every write: let Npgsql prepare the hot ones unless the operator chose otherwise.
            if (builder.MaxAutoPrepare == 0)
            {
                builder.MaxAutoPrepare = 32;
            }

            // A pooled connection is reset before its next use (seven statements: RESET ALL, DISCARD TEMP, ...),
            // which costs a read on a fresh lease grain more server time than its SELECT. Our sessions leave no
            // state to reset (no SET, temporary tables or session locks; the writer's synchronous_commit=on only
            // makes a later user more durable), so skip it unless the operator chose otherwise.
            var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
            if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose"))
            {
                builder.NoResetOnClose = true;
            }

            return builder;
        }
        catch (ArgumentException ex)
        {
            throw new OptionsValidationException(StorageOptions.Section, typeof(StorageOptions),
                [$"Storage:ConnectionString is not a PostgreSQL connection string (Host=...;Username=...;Password=...;Database=...): {ex.Message}"]);
        }
    }
}
