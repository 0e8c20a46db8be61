using Npgsql;

namespace Leasehold.NodeCluster;

/// <summary>
/// A fresh schema on a PostgreSQL server: the silos' connection string sets <c>Search Path</c> to it, so the
/// provider creates its tables there and many clusters share one database without seeing each other. The schema
/// and everything in it are dropped on dispose.
/// </summary>
internal sealed class PostgresTestClusterDatabase : TestClusterDatabase
{
    private readonly string _server;
    private readonly string _schema;

    private PostgresTestClusterDatabase(string server, string schema)
    {
        _server = server;
        _schema = schema;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ConnectionString;
    }

    public override string ConnectionString { get; }

    public override string Provider => "Postgres";

    /// <summary>Creates the schema on the server named by <paramref name="server"/> (a connection string).</summary>
    public static async Task<PostgresTestClusterDatabase> CreateAsync(string server)
    {
        // The name is generated here, never taken from outside, so it can be spliced into DDL.
        var database = new PostgresTestClusterDatabase(server, $"cluster_{Guid.NewGuid():N}");
        await database.ExecuteAsync($"CREATE SCHEMA {database._schema}").ConfigureAwait(false);
        return database;
    }

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await ExecuteAsync($"DROP SCHEMA IF EXISTS {_schema} CASCADE").ConfigureAwait(false);
        }
        catch (NpgsqlException)
        {
            // The server went away (a test that stops it); the schema stays behind, as a SQLite folder that cannot be deleted does.
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        // Not pooled: this connection must not outlive the cluster in a pool of its own.
        var builder = new NpgsqlConnectionStringBuilder(_server) { Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }
}
