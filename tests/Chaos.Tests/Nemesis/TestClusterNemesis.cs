using Leasehold.Chaos.Nemesis;
using Leasehold.NodeCluster;

namespace Leasehold.Chaos.Tests.Nemesis;

/// <summary>
/// The nemesis in-process: a TestCluster's silos are the nodes, and its fault controllers inject the faults
/// (abrupt kill and restart, graceful stop, stop-the-world pause, dropped and delayed messages, clock skew).
/// A restarted silo is a new generation on the same silo port, with a new HTTP port, in the same node slot.
/// </summary>
internal sealed class TestClusterNemesis : IChaosCluster, INemesis
{
    private readonly TestCluster _cluster;
    private readonly TestSilo[] _slots;

    public TestClusterNemesis(TestCluster cluster)
    {
        _cluster = cluster;
        _slots = [.. cluster.RunningSilos];
    }

    public int NodeCount => _slots.Length;

    public HttpClient? ApiOf(int node) => Volatile.Read(ref _slots[node]) is { IsRunning: true } silo ? silo.Http : null;

    public string NameOf(int node) => $"silo{node}";

    public async Task<bool> WaitUntilHealthyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!_slots.All(s => s.IsRunning))
        {
            return false;
        }

        try
        {
            await _cluster.WaitForLivenessToStabilizeAsync(timeout).WaitAsync(cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public bool IsRunning(int node) => _slots[node].IsRunning;

    public Task KillAsync(int node, CancellationToken cancellationToken) => _cluster.KillSiloAsync(_slots[node]);

    public Task StopAsync(int node, CancellationToken cancellationToken) => _cluster.StopSiloAsync(_slots[node]);

    public async Task StartAsync(int node, CancellationToken cancellationToken) =>
        Volatile.Write(ref _slots[node], await _cluster.RestartSiloAsync(_slots[node]));

    public Task PauseAsync(int node, TimeSpan duration, CancellationToken cancellationToken) => _cluster.PauseSiloAsync(_slots[node], duration);

    public Task ResumeAsync(int node, CancellationToken cancellationToken) => _cluster.ResumeSiloAsync(_slots[node]);

    public Task PartitionAsync(int a, int b, CancellationToken cancellationToken) => _cluster.PartitionAsync(_slots[a], _slots[b]);

    public Task IsolateAsync(int node, CancellationToken cancellationToken) => _cluster.IsolateAsync(_slots[node]);

    public Task DelayAsync(int from, int to, TimeSpan delay, CancellationToken cancellationToken) => _cluster.DelayMessagesAsync(_slots[from], _slots[to], delay);

    public Task SkewClockAsync(int node, TimeSpan offset, double driftPpm, CancellationToken cancellationToken) => _cluster.SkewClockAsync(_slots[node], offset, driftPpm);

    public Task HealAsync(CancellationToken cancellationToken) => _cluster.HealAsync();
}
