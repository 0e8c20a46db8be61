using Leasehold.Testing;

namespace Leasehold.Cluster.Tests;

/// <summary>
/// The database the API processes of one test share: a SQLite file in a fresh temporary folder, or a fresh schema
/// on the test PostgreSQL server. Removed on dispose, after the test has ended its processes.
/// </summary>
internal sealed class NodeDatabase : IAsyncDisposable
{
    private readonly TempDatabase? _file;
    private readonly PostgresSchemaLease? _schema;

    private NodeDatabase(TempDatabase? file, PostgresSchemaLease? schema)
    {
        _file = file;
        _schema = schema;
    }

    /// <summary>The arguments that point an API process at this database.</summary>
    public string[] Arguments => _schema is not null
        ? ["--Storage:Provider=Postgres", $"--Storage:ConnectionString={_schema.ConnectionString}"]
        : ["--Storage:Provider=Sqlite", $"--Storage:ConnectionString={_file!.ConnectionString}"];

    public static async Task<NodeDatabase> CreateAsync(StorageProvider storage) =>
        storage == StorageProvider.Postgres
            ? new NodeDatabase(null, await PostgresServer.CreateSchemaAsync())
            : new NodeDatabase(new TempDatabase(), null);

    public async ValueTask DisposeAsync()
    {
        _file?.Dispose();
        if (_schema is not null)
        {
            await _schema.DisposeAsync();
        }
    }
}
