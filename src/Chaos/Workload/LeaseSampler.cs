namespace Leasehold.Chaos.Workload;

/// <summary>
/// Samples the service's own view of every lease (<c>GET /v1/leases/{resource}</c>) at random moments, through
/// random nodes: the evidence property (iv) checks, "at most one unexpired lease per resource".
/// </summary>
public sealed class LeaseSampler(ChaosClient client, int nodeCount, WorkloadOptions options, Random random)
{
    private const int MaxSamples = 1_000_000;

    public async Task RunAsync(CancellationToken stop)
    {
        for (var i = 0; i < MaxSamples && !stop.IsCancellationRequested; i++)
        {
            var resource = options.ResourceName(random.Next(options.Resources));
            var node = random.Next(nodeCount);
            var interval = options.SampleIntervalMin + (options.SampleIntervalMax - options.SampleIntervalMin) * random.NextDouble();
            await client.GetLeaseAsync(node, resource, stop).ConfigureAwait(false);
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
}
