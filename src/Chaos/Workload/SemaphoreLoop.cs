using Leasehold.Chaos.Recording;

namespace Leasehold.Chaos.Workload;

/// <summary>
/// One holder's life at one semaphore, every decision drawn from its own seeded stream, as a <see cref="ClientLoop"/>
/// but through the semaphore routes: acquire a permit (waiting in the semaphore's line, retrying an unknown outcome,
/// which is safe because an acquire is idempotent per holder), write its slot's object with the permit's token,
/// sometimes renew, then release or let the permit expire. Now and then the holder "pauses past its TTL" and writes late
/// with its old token: that write must be refused once the slot's next holder has written.
/// </summary>
public sealed class SemaphoreLoop(ChaosClient client, string semaphore, int nodeCount, WorkloadOptions options, Random random)
{
    private const int MaxPermits = 100_000;
    private const int AcquireAttempts = 3;
    private int _values;

    public async Task RunAsync(CancellationToken stop)
    {
        for (var round = 0; round < MaxPermits && !stop.IsCancellationRequested; round++)
        {
            var ttlMs = (long)Between(options.TtlMin, options.TtlMax).TotalMilliseconds;
            var waitMs = random.NextDouble() < 0.5 ? 0 : (long)Between(TimeSpan.Zero, options.WaitMax).TotalMilliseconds;
            var writes = 1 + random.Next(3);
            var late = random.NextDouble() < options.PausePastTtlProbability;
            var sleepPastTtl = TimeSpan.FromMilliseconds(ttlMs) + Between(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(1_500));
            var release = random.NextDouble() < options.ReleaseProbability;
            var backoff = Between(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(200));

            var permit = await AcquireAsync(ttlMs, waitMs, stop).ConfigureAwait(false);
            if (permit is null)
            {
                await PauseAsync(backoff, stop).ConfigureAwait(false);
                continue;
            }

            var key = WorkloadOptions.KeyOf(permit.Resource);
            for (var i = 0; i < writes && !stop.IsCancellationRequested; i++)
            {
                if (random.NextDouble() < options.RenewProbability)
                {
                    var (renewed, renewal) = await client.RenewPermitAsync(Node(), semaphore, permit, ttlMs, stop).ConfigureAwait(false);
                    if (renewed != OperationOutcome.Ok)
                    {
                        break;
                    }

                    permit = renewal!;
                }

                if (await client.WriteAsync(Node(), key, permit, NextValue(), late: false, stop).ConfigureAwait(false) == OperationOutcome.Fail)
                {
                    break;
                }

                if (random.NextDouble() < options.ReadProbability)
                {
                    await client.ReadAsync(Node(), key, stop).ConfigureAwait(false);
                }
            }

            if (late && !stop.IsCancellationRequested)
            {
                // The holder's own stop-the-world pause: it does not know its permit ran out meanwhile.
                await PauseAsync(sleepPastTtl, stop).ConfigureAwait(false);
                await client.WriteAsync(Node(), key, permit, NextValue(), late: true, stop).ConfigureAwait(false);
            }

            if (release && !stop.IsCancellationRequested)
            {
                await client.ReleasePermitAsync(Node(), semaphore, permit, stop).ConfigureAwait(false);
            }
        }
    }

    private async Task<LeaseGrant?> AcquireAsync(long ttlMs, long waitMs, CancellationToken stop)
    {
        for (var attempt = 0; attempt < AcquireAttempts && !stop.IsCancellationRequested; attempt++)
        {
            var (outcome, permit) = await client.AcquirePermitAsync(Node(), semaphore, options.Permits, ttlMs, waitMs, stop).ConfigureAwait(false);
            if (outcome != OperationOutcome.Unknown)
            {
                return permit;
            }
        }

        return null;
    }

    private int Node() => random.Next(nodeCount);

    private string NextValue() => $"{client.Name}-{++_values}";

    private TimeSpan Between(TimeSpan min, TimeSpan max) => min + (max - min) * random.NextDouble();

    private static async Task PauseAsync(TimeSpan duration, CancellationToken stop)
    {
        try
        {
            await Task.Delay(duration, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
