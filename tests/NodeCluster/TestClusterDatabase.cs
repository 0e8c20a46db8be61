namespace Leasehold.NodeCluster;

/// <summary>The database a <see cref="TestCluster"/>'s silos share: made fresh for the cluster, removed with it.</summary>
internal abstract class TestClusterDatabase : IAsyncDisposable
{
    /// <summary>The connection string every silo of the cluster is given.</summary>
    public abstract string ConnectionString { get; }

    /// <summary>The name <c>Storage:Provider</c> selects this database's provider by.</summary>
    public abstract string Provider { get; }

    /// <summary>The command-line arguments that point a silo at this database.</summary>
    public string[] SiloArguments => [$"--Storage:Provider={Provider}", $"--Storage:ConnectionString={ConnectionString}"];

    public abstract ValueTask DisposeAsync();
}
