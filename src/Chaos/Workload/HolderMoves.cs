using Leasehold.Chaos.Recording;

namespace Leasehold.Chaos.Workload;

/// <summary>
/// The moves every holder's loop makes (<see cref="ClientLoop"/>, <see cref="ElectionLoop"/>, <see cref="SemaphoreLoop"/>,
/// <see cref="SessionLoop"/>), each drawn from the loop's own seeded stream: ask for a grant, retrying an unknown outcome
/// (safe: every grant route is idempotent per holder); write the grant's object with its token, refreshing the grant now and
/// then (a renewal, a proclaim, a keep-alive) and reading back; sleep past the grant's life and write late with the old token.
/// The loops differ only in their routes and in how a round begins and ends.
/// </summary>
public sealed class HolderMoves(ChaosClient client, int nodeCount, WorkloadOptions options, Random random)
{
    private const int GrantAttempts = 3;
    private static readonly TimeSpan PastTtlMin = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan PastTtlMax = TimeSpan.FromMilliseconds(1_500);
    private static readonly TimeSpan BackoffMin = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan BackoffMax = TimeSpan.FromMilliseconds(200);
    private int _values;

    public ChaosClient Client => client;

    /// <summary>The node the next request goes to.</summary>
    public int Node() => random.Next(nodeCount);

    /// <summary>A value no other write of the run has: the client's name and its count.</summary>
    public string NextValue() => $"{client.Name}-{++_values}";

    public TimeSpan Between(TimeSpan min, TimeSpan max) => min + (max - min) * random.NextDouble();

    public bool Chance(double probability) => random.NextDouble() < probability;

    /// <summary>A lease TTL, between <see cref="WorkloadOptions.TtlMin"/> and <see cref="WorkloadOptions.TtlMax"/>.</summary>
    public long TtlMs() => (long)Between(options.TtlMin, options.TtlMax).TotalMilliseconds;

    /// <summary>How long a "pause past the TTL" sleeps: the TTL and 0.2–1.5 s more.</summary>
    public TimeSpan PastTtl(long ttlMs) => TimeSpan.FromMilliseconds(ttlMs) + Between(PastTtlMin, PastTtlMax);

    /// <summary>How long to back off after a refused grant.</summary>
    public TimeSpan Backoff() => Between(BackoffMin, BackoffMax);

    /// <summary>Asks for a grant up to three times while its outcome is unknown; null if refused, unavailable or still unknown.</summary>
    public async Task<LeaseGrant?> GrantAsync(Func<int, Task<(OperationOutcome Outcome, LeaseGrant? Lease)>> ask, CancellationToken stop)
    {
        for (var attempt = 0; attempt < GrantAttempts && !stop.IsCancellationRequested; attempt++)
        {
            var (outcome, lease) = await ask(Node()).ConfigureAwait(false);
            if (outcome != OperationOutcome.Unknown)
            {
                return lease;
            }
        }

        return null;
    }

    /// <summary>
    /// Writes the grant's object <paramref name="writes"/> times with its token (one time in ten a fenced delete instead, when
    /// <paramref name="deletes"/>); before a write, with <paramref name="refreshProbability"/>, refreshes the grant; after one,
    /// reads the object back now and then. A refused write or delete, or a refresh that did not succeed, ends the writing.
    /// Returns the grant as last refreshed.
    /// </summary>
    public async Task<LeaseGrant> WriteAsync(
        LeaseGrant lease, int writes, double refreshProbability, Func<LeaseGrant, int, Task<(OperationOutcome Outcome, LeaseGrant? Lease)>> refresh, bool deletes, CancellationToken stop)
    {
        var key = WorkloadOptions.KeyOf(lease.Resource);
        for (var i = 0; i < writes && !stop.IsCancellationRequested; i++)
        {
            if (Chance(refreshProbability))
            {
                var (refreshed, renewal) = await refresh(lease, Node()).ConfigureAwait(false);
                if (refreshed != OperationOutcome.Ok)
                {
                    break;
                }

                lease = renewal!;
            }

            var mutated = deletes && Chance(options.DeleteProbability)
                ? await client.DeleteAsync(Node(), key, lease, late: false, stop).ConfigureAwait(false)
                : await client.WriteAsync(Node(), key, lease, NextValue(), late: false, stop).ConfigureAwait(false);
            if (mutated == OperationOutcome.Fail)
            {
                break;
            }

            if (Chance(options.ReadProbability))
            {
                await client.ReadAsync(Node(), key, stop).ConfigureAwait(false);
            }
        }

        return lease;
    }

    /// <summary>
    /// The holder's own stop-the-world pause: it sleeps <paramref name="sleep"/> (past its grant's life, which it does not know
    /// ended meanwhile), then writes (or deletes) with its old token, marked late.
    /// </summary>
    public async Task WriteLateAsync(LeaseGrant lease, TimeSpan sleep, bool delete, CancellationToken stop)
    {
        await PauseAsync(sleep, stop).ConfigureAwait(false);
        if (stop.IsCancellationRequested)
        {
            return;
        }

        var key = WorkloadOptions.KeyOf(lease.Resource);
        _ = delete
            ? await client.DeleteAsync(Node(), key, lease, late: true, stop).ConfigureAwait(false)
            : await client.WriteAsync(Node(), key, lease, NextValue(), late: true, stop).ConfigureAwait(false);
    }

    /// <summary>Sleeps, ending quietly when the run stops.</summary>
    public static async Task PauseAsync(TimeSpan duration, CancellationToken stop)
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
