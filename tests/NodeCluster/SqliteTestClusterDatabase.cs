using Microsoft.Data.Sqlite;

namespace Leasehold.NodeCluster;

/// <summary>One SQLite file in a fresh temporary folder; the folder is deleted on dispose.</summary>
internal sealed class SqliteTestClusterDatabase : TestClusterDatabase
{
    private readonly string _folder;

    public SqliteTestClusterDatabase()
    {
        _folder = Path.Combine(Path.GetTempPath(), "leasehold-cluster", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    public override string ConnectionString => $"Data Source={Path.Combine(_folder, "cluster.db")}";

    public override string Provider => "Sqlite";

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }

        return ValueTask.CompletedTask;
    }
}
