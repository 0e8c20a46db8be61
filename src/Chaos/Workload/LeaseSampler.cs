namespace Leasehold.Chaos.Workload;

/// <summary>
/// Samples the service's own view of every lease (<c>GET /v1/leases/{resource}</c>) at random moments, through
/// random nodes (the session holders' resources too), and of every election's leader (<c>GET /v1/elections/{name}/leader</c>): the evidence property (iv)
/// checks, "at most one unexpired lease per resource" — for an election, "never two leaders with unexpired terms".
/// </summary>
public sealed class LeaseSampler(ChaosClient client, int nodeCount, WorkloadOptions options, Random random)
{
    private const int MaxSamples = 1_000_000;

    public async Task RunAsync(CancellationToken stop)
    {
        for (var i = 0; i < MaxSamples && !stop.IsCancellationRequested; i++)
        {
            // Elections are sampled through their own route, in proportion to their number among all that is sampled;
            // semaphore permits through the lease route of each slot (a permit is that lease); the session resources after them.
            var slots = options.Semaphores * options.Permits;
            var sessionResources = options.SessionHolders > 0 ? options.SessionResources : 0;
            var target = random.Next(options.Resources + options.Elections + slots + sessionResources);
            var node = random.Next(nodeCount);
            var interval = options.SampleIntervalMin + (options.SampleIntervalMax - options.SampleIntervalMin) * random.NextDouble();
            _ = target < options.Resources
                ? await client.GetLeaseAsync(node, options.ResourceName(target), stop).ConfigureAwait(false)
                : target < options.Resources + options.Elections
                    ? await client.GetLeaderAsync(node, options.ElectionName(target - options.Resources), stop).ConfigureAwait(false)
                    : target < options.Resources + options.Elections + slots
                        ? await client.GetLeaseAsync(node, SlotOf(target - options.Resources - options.Elections), stop).ConfigureAwait(false)
                        : await client.GetLeaseAsync(node, options.SessionResourceName(target - options.Resources - options.Elections - slots), stop).ConfigureAwait(false);
            try
            {
                await Task.Delay(interval, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private string SlotOf(int index) => options.SlotResource(index / options.Permits, index % options.Permits);
}
