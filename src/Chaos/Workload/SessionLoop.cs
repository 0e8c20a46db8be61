using Leasehold.Chaos.Recording;

namespace Leasehold.Chaos.Workload;

/// <summary>
/// One session holder's life, every decision drawn from its own seeded stream, with the moves of a <see cref="ClientLoop"/>
/// but its leases taken in sessions: open a session (its own holder name each time, so no two sessions share a lease), take
/// 1–2 leases of the session resources in it (no TTL: the session times them; an unknown outcome retried, which is safe
/// because an acquire in a session is idempotent), write each lease's object with its token, keeping the session alive now
/// and then, and close the session (which ends every lease in it) or let it expire. Now and then the holder "pauses past
/// its session's TTL" and then writes late with its old tokens: those writes must be refused once a newer holder wrote.
/// </summary>
public sealed class SessionLoop(ChaosClient client, int nodeCount, WorkloadOptions options, Random random)
{
    private const int MaxSessions = 100_000;
    private readonly HolderMoves _moves = new(client, nodeCount, options, random);

    public async Task RunAsync(CancellationToken stop)
    {
        for (var round = 0; round < MaxSessions && !stop.IsCancellationRequested; round++)
        {
            var ttlMs = (long)_moves.Between(options.SessionTtlMin, options.SessionTtlMax).TotalMilliseconds;
            var resources = Resources(1 + random.Next(Math.Min(options.LeasesPerSession, options.SessionResources)));
            var waitMs = random.Next(2) == 0 ? 0 : (long)_moves.Between(TimeSpan.Zero, options.WaitMax).TotalMilliseconds;
            var writes = 1 + random.Next(3);
            var late = _moves.Chance(options.PausePastTtlProbability);
            var lateDelete = _moves.Chance(options.DeleteProbability);
            var sleepPastTtl = _moves.PastTtl(ttlMs);
            var close = _moves.Chance(options.ReleaseProbability);
            var backoff = _moves.Backoff();

            // A new holder name per session: a lease is its holder's, so two sessions of one client never share one.
            var (_, session) = await client.OpenSessionAsync(_moves.Node(), $"{client.Name}-{round}", ttlMs, stop).ConfigureAwait(false);
            if (session is null)
            {
                await HolderMoves.PauseAsync(backoff, stop).ConfigureAwait(false);
                continue;
            }

            var leases = new List<LeaseGrant>();
            foreach (var resource in resources)
            {
                if (await _moves.GrantAsync(node => client.AcquireInSessionAsync(node, resource, session, waitMs, stop), stop).ConfigureAwait(false) is { } lease)
                {
                    leases.Add(lease);
                }
            }

            foreach (var lease in leases)
            {
                // A keep-alive renews every lease of the session (same fences and tokens), so the lease itself is unchanged.
                await _moves.WriteAsync(lease, writes, options.KeepAliveProbability, async (held, node) => (await client.KeepAliveSessionAsync(node, session, stop).ConfigureAwait(false), held), deletes: true, stop).ConfigureAwait(false);
            }

            if (late && leases.Count > 0 && !stop.IsCancellationRequested)
            {
                // One pause past the session's TTL (which ends every lease in it), then a late write with each old token.
                await HolderMoves.PauseAsync(sleepPastTtl, stop).ConfigureAwait(false);
                foreach (var lease in leases)
                {
                    await _moves.WriteLateAsync(lease, TimeSpan.Zero, lateDelete, stop).ConfigureAwait(false);
                }
            }

            if (close && !stop.IsCancellationRequested)
            {
                await client.CloseSessionAsync(_moves.Node(), session, stop).ConfigureAwait(false);
            }
        }
    }

    /// <summary><paramref name="count"/> distinct session resources, the first drawn, the rest following it.</summary>
    private List<string> Resources(int count)
    {
        var first = random.Next(options.SessionResources);
        return [.. Enumerable.Range(0, count).Select(i => options.SessionResourceName((first + i) % options.SessionResources))];
    }
}
