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
    private const int CampaignAttempts = 3;
    private int _values;

    public async Task RunAsync(CancellationToken stop)
    {
        for (var term = 0; term < MaxTerms && !stop.IsCancellationRequested; term++)
        {
            var ttlMs = (long)Between(options.TtlMin, options.TtlMax).TotalMilliseconds;
            var waitMs = (long)Between(TimeSpan.Zero, options.WaitMax).TotalMilliseconds;
            var writes = 1 + random.Next(3);
            var late = random.NextDouble() < options.PausePastTtlProbability;
            var sleepPastTtl = TimeSpan.FromMilliseconds(ttlMs) + Between(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(1_500));
            var resign = random.NextDouble() < options.ReleaseProbability;
            var backoff = Between(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(200));

            var leadership = await CampaignAsync(ttlMs, waitMs, stop).ConfigureAwait(false);
            if (leadership is null)
            {
                await PauseAsync(backoff, stop).ConfigureAwait(false);
                continue;
            }

            var key = WorkloadOptions.KeyOf(leadership.Resource);
            for (var i = 0; i < writes && !stop.IsCancellationRequested; i++)
            {
                if (random.NextDouble() < options.ProclaimProbability)
                {
                    var (proclaimed, renewal) = await client.ProclaimAsync(Node(), election, leadership, NextValue(), stop).ConfigureAwait(false);
                    if (proclaimed != OperationOutcome.Ok)
                    {
                        break;
                    }

                    leadership = renewal!;
                }

                if (await client.WriteAsync(Node(), key, leadership, NextValue(), late: false, stop).ConfigureAwait(false) == OperationOutcome.Fail)
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
                // The leader's own stop-the-world pause: it does not know its term ended meanwhile.
                await PauseAsync(sleepPastTtl, stop).ConfigureAwait(false);
                await client.WriteAsync(Node(), key, leadership, NextValue(), late: true, stop).ConfigureAwait(false);
            }

            if (resign && !stop.IsCancellationRequested)
            {
                await client.ResignAsync(Node(), election, leadership, stop).ConfigureAwait(false);
            }
        }
    }

    private async Task<LeaseGrant?> CampaignAsync(long ttlMs, long waitMs, CancellationToken stop)
    {
        for (var attempt = 0; attempt < CampaignAttempts && !stop.IsCancellationRequested; attempt++)
        {
            var (outcome, leadership) = await client.CampaignAsync(Node(), election, ttlMs, waitMs, NextValue(), stop).ConfigureAwait(false);
            if (outcome != OperationOutcome.Unknown)
            {
                return leadership;
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
