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
    private readonly HolderMoves _moves = new(client, nodeCount, options, random);

    public async Task RunAsync(CancellationToken stop)
    {
        for (var round = 0; round < MaxPermits && !stop.IsCancellationRequested; round++)
        {
            var ttlMs = _moves.TtlMs();
            var waitMs = _moves.Chance(0.5) ? 0 : (long)_moves.Between(TimeSpan.Zero, options.WaitMax).TotalMilliseconds;
            var writes = 1 + random.Next(3);
            var late = _moves.Chance(options.PausePastTtlProbability);
            var sleepPastTtl = _moves.PastTtl(ttlMs);
            var release = _moves.Chance(options.ReleaseProbability);
            var backoff = _moves.Backoff();

            var permit = await _moves.GrantAsync(node => client.AcquirePermitAsync(node, semaphore, options.Permits, ttlMs, waitMs, stop), stop).ConfigureAwait(false);
            if (permit is null)
            {
                await HolderMoves.PauseAsync(backoff, stop).ConfigureAwait(false);
                continue;
            }

            permit = await _moves.WriteAsync(permit, writes, options.RenewProbability, (held, node) => client.RenewPermitAsync(node, semaphore, held, ttlMs, stop), deletes: false, stop).ConfigureAwait(false);
            if (late && !stop.IsCancellationRequested)
            {
                // The holder does not know its permit ran out meanwhile.
                await _moves.WriteLateAsync(permit, sleepPastTtl, delete: false, stop).ConfigureAwait(false);
            }

            if (release && !stop.IsCancellationRequested)
            {
                await client.ReleasePermitAsync(_moves.Node(), semaphore, permit, stop).ConfigureAwait(false);
            }
        }
    }
}
