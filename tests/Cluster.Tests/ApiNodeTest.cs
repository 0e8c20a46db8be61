using Leasehold.Testing;

namespace Leasehold.Cluster.Tests;

/// <summary>
/// A test that starts real API processes on one fresh database: it owns both, and ends them (its own processes, by their
/// handles) and drops the database when it is done, whatever happened.
/// </summary>
public abstract class ApiNodeTest : IAsyncLifetime
{
    private readonly List<ApiNode> _nodes = [];
    private NodeDatabase? _database;

    /// <summary>Every node this test started, in start order.</summary>
    internal IReadOnlyList<ApiNode> Nodes => _nodes;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            node.Dispose();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    /// <summary>Creates this test's database on <paramref name="storage"/>; the nodes it starts share it.</summary>
    internal async Task UseDatabaseAsync(StorageProvider storage) => _database = await NodeDatabase.CreateAsync(storage);

    /// <summary>Starts a node on <paramref name="host"/> and this test's database.</summary>
    internal ApiNode StartNode(string host)
    {
        var node = ApiNode.Start(host, (_database ?? throw new InvalidOperationException("Call UseDatabaseAsync first.")).Arguments);
        _nodes.Add(node);
        return node;
    }

    /// <summary>
    /// Waits until <paramref name="node"/> answers <c>/health/ready</c>. Its silo can be Active in the others' views a
    /// moment before its HTTP port listens (the host starts the silo first), so a view is not readiness.
    /// </summary>
    internal static Task WaitReadyAsync(ApiNode node, TimeSpan timeout) => Eventually.True(async () =>
    {
        try
        {
            using var ready = await node.Http.GetAsync("/health/ready");
            return ready.StatusCode == System.Net.HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }, timeout, () => $"the node on {node.Host} is ready\n{node.Tail()}");

    /// <summary>The tail of every node's output, for a failure message.</summary>
    internal string Logs() => string.Join("\n", _nodes.Select(n => n.Tail()));
}
