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
    private readonly HolderMoves _moves = new(client, nodeCount, options, random);

    public async Task RunAsync(CancellationToken stop)
    {
        for (var round = 0; round < MaxRounds && !stop.IsCancellationRequested; round++)
        {
            // The client's draws come in an order fixed by its seed and the outcomes of its own calls; timing
            // (how long a call took, what other clients did meanwhile) never changes what it decides.
            var resource = options.ResourceName(random.Next(options.Resources));
            var ttlMs = _moves.TtlMs();
            var waitMs = random.Next(2) == 0 ? 0 : (long)_moves.Between(TimeSpan.Zero, options.WaitMax).TotalMilliseconds;
            var writes = 1 + random.Next(3);
            var late = _moves.Chance(options.PausePastTtlProbability);
            var lateDelete = _moves.Chance(options.DeleteProbability);
            var sleepPastTtl = _moves.PastTtl(ttlMs);
            var release = _moves.Chance(options.ReleaseProbability);
            var backoff = _moves.Backoff();
            var shared = _moves.Chance(options.SharedProbability);

            var lease = await _moves.GrantAsync(node => client.AcquireAsync(node, resource, ttlMs, waitMs, stop, shared), stop).ConfigureAwait(false);
            if (lease is null)
            {
                await HolderMoves.PauseAsync(backoff, stop).ConfigureAwait(false);
                continue;
            }

            if (shared)
            {
                await ReadUnderSharedLeaseAsync(lease, writes, ttlMs, stop).ConfigureAwait(false);
            }
            else
            {
                lease = await _moves.WriteAsync(lease, writes, options.RenewProbability, (held, node) => client.RenewAsync(node, held, ttlMs, stop), deletes: true, stop).ConfigureAwait(false);
                if (late && !stop.IsCancellationRequested)
                {
                    await _moves.WriteLateAsync(lease, sleepPastTtl, lateDelete, stop).ConfigureAwait(false);
                }
            }

            if (release && !stop.IsCancellationRequested)
            {
                await client.ReleaseAsync(_moves.Node(), lease, stop).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A reader's round: renew now and then, read, and sometimes try to write with the shared token (it must be refused).</summary>
    private async Task ReadUnderSharedLeaseAsync(LeaseGrant lease, int reads, long ttlMs, CancellationToken stop)
    {
        var key = WorkloadOptions.KeyOf(lease.Resource);
        for (var i = 0; i < reads && !stop.IsCancellationRequested; i++)
        {
            if (_moves.Chance(options.RenewProbability))
            {
                var (renewed, renewal) = await client.RenewAsync(_moves.Node(), lease, ttlMs, stop).ConfigureAwait(false);
                if (renewed != OperationOutcome.Ok)
                {
                    return;
                }

                lease = renewal!;
            }

            await client.ReadAsync(_moves.Node(), key, stop).ConfigureAwait(false);
            if (_moves.Chance(options.SharedWriteProbability))
            {
                _ = _moves.Chance(options.DeleteProbability)
                    ? await client.DeleteAsync(_moves.Node(), key, lease, late: false, stop).ConfigureAwait(false)
                    : await client.WriteAsync(_moves.Node(), key, lease, _moves.NextValue(), late: false, stop).ConfigureAwait(false);
            }
        }
    }
}
