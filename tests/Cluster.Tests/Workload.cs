namespace Leasehold.Cluster.Tests;

/// <summary>
/// The clients' loop: take the lease on a resource, write the resource's object with the lease's token,
/// release, again. A refused, unavailable or unknown acquire is simply tried again: acquire is idempotent per
/// holder, so a retry after an unknown outcome returns the lease the first attempt may have been granted.
/// </summary>
public static class Workload
{
    public const long TtlMs = 3_000;
    public const long WaitMs = 4_000;

    /// <summary>Runs until <paramref name="stop"/> or <paramref name="maxRounds"/>; each round is bounded by the wait and the call timeout.</summary>
    public static async Task RunAsync(LeaseClient client, string resource, CancellationToken stop, int maxRounds = 1_000)
    {
        for (var round = 0; round < maxRounds && !stop.IsCancellationRequested; round++)
        {
            var lease = await client.AcquireAsync(resource, TtlMs, WaitMs);
            if (lease is null)
            {
                // A client's backoff before it tries again, not a wait for a test condition.
                await Task.Delay(50, CancellationToken.None);
                continue;
            }

            await client.PutAsync(KeyOf(resource), lease, $"{client.Name} round {round} fence {lease.Fence}");
            await client.ReleaseAsync(resource, lease.LeaseId);
        }
    }

    public static string KeyOf(string resource) => $"{resource}-state";
}
