using Leasehold.Chaos.Recording;

namespace Leasehold.Chaos.Workload;

/// <summary>
/// One candidate's life in one election, every decision drawn from its own seeded stream, as a <see cref="ClientLoop"/>
/// but through the election routes: campaign (waiting in line, retrying an unknown outcome, which is safe because a
/// campaign is idempotent per candidate), write the election's object with the leader's token, sometimes proclaim a
/// new value (which renews the term), then resign or let the term expire. Now and then the leader "pauses past its
/// term" and writes late with its old token: a leader that woke up believing it still leads. That write must be refused
/// once a newer leader has written.
/// </summary>
public sealed class ElectionLoop(ChaosClient client, string election, int nodeCount, WorkloadOptions options, Random random)
{
    private const int MaxTerms = 100_000;
    private readonly HolderMoves _moves = new(client, nodeCount, options, random);

    public async Task RunAsync(CancellationToken stop)
    {
        for (var term = 0; term < MaxTerms && !stop.IsCancellationRequested; term++)
        {
            var ttlMs = _moves.TtlMs();
            var waitMs = (long)_moves.Between(TimeSpan.Zero, options.WaitMax).TotalMilliseconds;
            var writes = 1 + random.Next(3);
            var late = _moves.Chance(options.PausePastTtlProbability);
            var sleepPastTtl = _moves.PastTtl(ttlMs);
            var resign = _moves.Chance(options.ReleaseProbability);
            var backoff = _moves.Backoff();

            var leadership = await _moves.GrantAsync(node => client.CampaignAsync(node, election, ttlMs, waitMs, _moves.NextValue(), stop), stop).ConfigureAwait(false);
            if (leadership is null)
            {
                await HolderMoves.PauseAsync(backoff, stop).ConfigureAwait(false);
                continue;
            }

            leadership = await _moves.WriteAsync(leadership, writes, options.ProclaimProbability, (held, node) => client.ProclaimAsync(node, election, held, _moves.NextValue(), stop), deletes: false, stop).ConfigureAwait(false);
            if (late && !stop.IsCancellationRequested)
            {
                // A leader that woke up believing it still leads.
                await _moves.WriteLateAsync(leadership, sleepPastTtl, delete: false, stop).ConfigureAwait(false);
            }

            if (resign && !stop.IsCancellationRequested)
            {
                await client.ResignAsync(_moves.Node(), election, leadership, stop).ConfigureAwait(false);
            }
        }
    }
}
