using System.Net.Http.Headers;
using System.Net.Http.Json;
using Leasehold.Chaos.Nemesis;

namespace Leasehold.Chaos.Processes;

/// <summary>
/// The nemesis over real processes: SIGKILL and a fresh start for kills, SIGTERM for graceful stops,
/// SIGSTOP / SIGCONT for stop-the-world pauses (the whole process, sockets open, as a long GC pause or a
/// suspended VM), and the <c>/v1/faults</c> admin routes of each process for partitions, delays and clock skew.
/// </summary>
public sealed class ProcessNemesis(ProcessCluster cluster) : INemesis
{
    private static readonly TimeSpan GracefulStop = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan AdminTimeout = TimeSpan.FromSeconds(5);

    public bool IsRunning(int node) => cluster.Node(node).IsRunning;

    public Task KillAsync(int node, CancellationToken cancellationToken) => cluster.Node(node).KillAsync(cancellationToken);

    public Task StopAsync(int node, CancellationToken cancellationToken) => cluster.Node(node).TerminateAsync(GracefulStop, cancellationToken);

    public Task StartAsync(int node, CancellationToken cancellationToken)
    {
        cluster.Node(node).Start();
        return Task.CompletedTask;
    }

    /// <summary>SIGSTOP; the process stays stopped until <see cref="ResumeAsync"/> (the schedule resumes it after its hold).</summary>
    public Task PauseAsync(int node, TimeSpan duration, CancellationToken cancellationToken)
    {
        cluster.Node(node).Signal(PosixSignals.SigStop);
        return Task.CompletedTask;
    }

    public Task ResumeAsync(int node, CancellationToken cancellationToken)
    {
        cluster.Node(node).Signal(PosixSignals.SigCont);
        return Task.CompletedTask;
    }

    public async Task PartitionAsync(int a, int b, CancellationToken cancellationToken)
    {
        await AdminAsync(a, HttpMethod.Post, "/v1/faults/network", new NetworkFault(cluster.SiloEndpointOf(b), true, null), cancellationToken).ConfigureAwait(false);
        await AdminAsync(b, HttpMethod.Post, "/v1/faults/network", new NetworkFault(cluster.SiloEndpointOf(a), true, null), cancellationToken).ConfigureAwait(false);
    }

    public async Task IsolateAsync(int node, CancellationToken cancellationToken)
    {
        for (var other = 0; other < cluster.NodeCount; other++)
        {
            if (other != node)
            {
                await PartitionAsync(node, other, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public Task DelayAsync(int from, int to, TimeSpan delay, CancellationToken cancellationToken) =>
        AdminAsync(from, HttpMethod.Post, "/v1/faults/network", new NetworkFault(cluster.SiloEndpointOf(to), null, (long)delay.TotalMilliseconds), cancellationToken);

    public Task SkewClockAsync(int node, TimeSpan offset, double driftPpm, CancellationToken cancellationToken) =>
        AdminAsync(node, HttpMethod.Post, "/v1/faults/clock", new ClockFault((long)offset.TotalMilliseconds, driftPpm), cancellationToken);

    /// <summary>Heals every running node; tries them all, then reports the first failure.</summary>
    public async Task HealAsync(CancellationToken cancellationToken)
    {
        Exception? failure = null;
        for (var node = 0; node < cluster.NodeCount; node++)
        {
            if (!IsRunning(node))
            {
                continue;
            }

            try
            {
                await AdminAsync<object?>(node, HttpMethod.Delete, "/v1/faults/network", null, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                failure ??= ex;
            }
        }

        if (failure is not null)
        {
            throw new InvalidOperationException($"Healing failed on at least one node: {failure.Message}", failure);
        }
    }

    private async Task AdminAsync<T>(int node, HttpMethod method, string path, T body, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(AdminTimeout);
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", cluster.AdminKey);
        using var response = await cluster.Http(node).SendAsync(request, deadline.Token).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var detail = await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false);
            throw new InvalidOperationException($"{method} {path} on {cluster.NameOf(node)} answered {(int)response.StatusCode}: {detail}");
        }
    }

    private sealed record NetworkFault(string To, bool? Drop, long? DelayMs);

    private sealed record ClockFault(long OffsetMs, double DriftPpm);
}
