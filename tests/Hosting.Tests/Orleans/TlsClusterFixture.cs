namespace Leasehold.Hosting.Tests.Orleans;

/// <summary>One two-silo loopback cluster with the generated certificate, shared by the tests that only connect to it.</summary>
public sealed class TlsClusterFixture : IAsyncLifetime
{
    private LoopbackCluster? _cluster;

    internal LoopbackCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not started.");

    public async Task InitializeAsync() => _cluster = await LoopbackCluster.StartAsync(2);

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
