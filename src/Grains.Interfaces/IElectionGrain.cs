using Orleans;

namespace Leasehold.Grains;

/// <summary>
/// An election (the grain key is its name): a thin layer over the <see cref="ILeaseGrain"/> of
/// <see cref="ElectionNames.ResourceOf"/>. Leadership <em>is</em> that lease — its fence, token, wait line and expiry —
/// and this grain adds only the leader's proclaimed value, kept durable beside the fence of the term it belongs to, and
/// a long-poll on changes. The keep-alive is the lease's own renewal.
/// </summary>
[Alias("leasehold.IElectionGrain")]
public interface IElectionGrain : IGrainWithStringKey
{
    /// <summary>
    /// Waits in the lease's line (up to <see cref="Campaign.Wait"/>) until the candidate leads, then stores its value.
    /// Idempotent for the current leader: the same lease and fence, the term extended, the value replaced.
    /// Answers <see cref="LeaseResult.Granted"/>, <see cref="LeaseResult.Held"/> (another leads),
    /// <see cref="LeaseResult.LineFull"/> or <see cref="LeaseResult.Forbidden"/>.
    /// </summary>
    /// <remarks>Interleaves: it spends its wait in the lease grain, and must not hold up proclaims, resigns or reads meanwhile.</remarks>
    [Orleans.Concurrency.AlwaysInterleave]
    [Alias("campaign")]
    Task<LeaseResult> CampaignAsync(Campaign request);

    /// <summary>
    /// The leader named by <paramref name="leaseId"/> changes its value; the fence stays, and the term is renewed by its
    /// own TTL (a proclaim proves the leader alive). <see cref="LeaseResult.Lost"/> when that lease no longer leads.
    /// </summary>
    [Alias("proclaim")]
    Task<LeaseResult> ProclaimAsync(string leaseId, string? value, string? owner = null);

    /// <summary>Ends the term of <paramref name="leaseId"/> now: the next candidate in line is elected with a higher fence.</summary>
    [Alias("resign")]
    Task<LeaseResult> ResignAsync(string leaseId, string? owner = null);

    /// <summary>Who leads now.</summary>
    /// <remarks>Interleaves: it only reads.</remarks>
    [Orleans.Concurrency.AlwaysInterleave]
    [Alias("leader")]
    Task<LeaderView> GetLeaderAsync();

    /// <summary>
    /// Answers as soon as <see cref="LeaderView.Index"/> differs from <paramref name="index"/>, or after
    /// <paramref name="wait"/> (at most <c>Leases:WaitMax</c>) with the current view.
    /// </summary>
    /// <remarks>Interleaves: it waits outside any turn.</remarks>
    [Orleans.Concurrency.AlwaysInterleave]
    [Alias("wait-for-change")]
    Task<LeaderView> WaitForChangeAsync(long index, TimeSpan wait);
}
