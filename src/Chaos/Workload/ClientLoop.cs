using Leasehold.Chaos.Recording;

namespace Leasehold.Chaos.Workload;

/// <summary>
/// One client's life, every decision drawn from its own seeded stream: take the lease on a resource (retrying an
/// unknown outcome, which is safe because acquire is idempotent per holder), write the resource's object with the
/// token, sometimes renew and read, then release or let the lease expire. Now and then the client "pauses past its
/// TTL": it sleeps longer than its lease lives, then writes with its old token, as the notes' client 1 with token
/// 33 does. Such a late write must be refused once a newer holder has written; the checker finds out if it was not.
/// Now and then a holder deletes the object instead of writing it (its late operation too): a delete is a fenced write
/// of a tombstone, so a stale delete must be refused, and no lower fence may bring a deleted key back.
/// Some rounds take the lease in shared mode, as readers: they renew and read under it, and now and then try to write or
/// delete with the reader's token, which the store must refuse (an accepted one is an anomaly).
/// </summary>
public sealed class ClientLoop(ChaosClient client, int nodeCount, WorkloadOptions options, Random random)
{
    private const int MaxRounds = 100_000;
    private const int AcquireAttempts = 3;
    private int _writes;

    public async Task RunAsync(CancellationToken stop)
    {
        for (var round = 0; round < MaxRounds && !stop.IsCancellationRequested; round++)
        {
            // The client's draws come in an order fixed by its seed and the outcomes of its own calls; timing
            // (how long a call took, what other clients did meanwhile) never changes what it decides.
            var resource = options.ResourceName(random.Next(options.Resources));
            var ttlMs = (long)Between(options.TtlMin, options.TtlMax).TotalMilliseconds;
            var waitMs = random.Next(2) == 0 ? 0 : (long)Between(TimeSpan.Zero, options.WaitMax).TotalMilliseconds;
            var writes = 1 + random.Next(3);
            var late = random.NextDouble() < options.PausePastTtlProbability;
            var lateDelete = random.NextDouble() < options.DeleteProbability;
            var sleepPastTtl = TimeSpan.FromMilliseconds(ttlMs) + Between(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(1_500));
            var release = random.NextDouble() < options.ReleaseProbability;
            var backoff = Between(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(200));
            var shared = random.NextDouble() < options.SharedProbability;

            var lease = await AcquireAsync(resource, ttlMs, waitMs, shared, stop).ConfigureAwait(false);
            if (lease is null)
            {
                await PauseAsync(backoff, stop).ConfigureAwait(false);
                continue;
            }

            if (shared)
            {
                await ReadUnderSharedLeaseAsync(lease, writes, ttlMs, stop).ConfigureAwait(false);
                if (release && !stop.IsCancellationRequested)
                {
                    await client.ReleaseAsync(Node(), lease, stop).ConfigureAwait(false);
                }

                continue;
            }

            for (var i = 0; i < writes && !stop.IsCancellationRequested; i++)
            {
                if (random.NextDouble() < options.RenewProbability)
                {
                    var (renewed, renewal) = await client.RenewAsync(Node(), lease, ttlMs, stop).ConfigureAwait(false);
                    if (renewed != OperationOutcome.Ok)
                    {
                        break;
                    }

                    lease = renewal!;
                }

                var key = WorkloadOptions.KeyOf(resource);
                var mutated = random.NextDouble() < options.DeleteProbability
                    ? await client.DeleteAsync(Node(), key, lease, late: false, stop).ConfigureAwait(false)
                    : await client.WriteAsync(Node(), key, lease, NextValue(), late: false, stop).ConfigureAwait(false);
                if (mutated == OperationOutcome.Fail)
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
                // The client's own stop-the-world pause: it does not know its lease expired meanwhile.
                await PauseAsync(sleepPastTtl, stop).ConfigureAwait(false);
                if (lateDelete)
                {
                    await client.DeleteAsync(Node(), WorkloadOptions.KeyOf(resource), lease, late: true, stop).ConfigureAwait(false);
                }
                else
                {
                    await client.WriteAsync(Node(), WorkloadOptions.KeyOf(resource), lease, NextValue(), late: true, stop).ConfigureAwait(false);
                }
            }

            if (release && !stop.IsCancellationRequested)
            {
                await client.ReleaseAsync(Node(), lease, stop).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A reader's round: renew now and then, read, and sometimes try to write with the shared token (it must be refused).</summary>
    private async Task ReadUnderSharedLeaseAsync(LeaseGrant lease, int reads, long ttlMs, CancellationToken stop)
    {
        var key = WorkloadOptions.KeyOf(lease.Resource);
        for (var i = 0; i < reads && !stop.IsCancellationRequested; i++)
        {
            if (random.NextDouble() < options.RenewProbability)
            {
                var (renewed, renewal) = await client.RenewAsync(Node(), lease, ttlMs, stop).ConfigureAwait(false);
                if (renewed != OperationOutcome.Ok)
                {
                    return;
                }

                lease = renewal!;
            }

            await client.ReadAsync(Node(), key, stop).ConfigureAwait(false);
            if (random.NextDouble() < options.SharedWriteProbability)
            {
                _ = random.NextDouble() < options.DeleteProbability
                    ? await client.DeleteAsync(Node(), key, lease, late: false, stop).ConfigureAwait(false)
                    : await client.WriteAsync(Node(), key, lease, NextValue(), late: false, stop).ConfigureAwait(false);
            }
        }
    }

    private async Task<LeaseGrant?> AcquireAsync(string resource, long ttlMs, long waitMs, bool shared, CancellationToken stop)
    {
        for (var attempt = 0; attempt < AcquireAttempts && !stop.IsCancellationRequested; attempt++)
        {
            var (outcome, lease) = await client.AcquireAsync(Node(), resource, ttlMs, waitMs, stop, shared).ConfigureAwait(false);
            if (outcome != OperationOutcome.Unknown)
            {
                return lease;
            }
        }

        return null;
    }

    private int Node() => random.Next(nodeCount);

    private string NextValue() => $"{client.Name}-{++_writes}";

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
