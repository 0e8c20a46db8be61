using Orleans;

namespace Leasehold.Grains;

/// <summary>
/// A lease on one resource (the grain key). Grants carry a fence that only grows: it is advanced by a
/// compare-and-swap on durable state before the grant is answered, so no fence is issued twice.
/// </summary>
[Alias("leasehold.ILeaseGrain")]
public interface ILeaseGrain : IGrainWithStringKey
{
    /// <summary>
    /// Grants the lease to <see cref="AcquireLease.Holder"/>, or reports who holds it. Waits up to
    /// <see cref="AcquireLease.Wait"/> in a first-come-first-served queue. Idempotent for the current
    /// holder: a retry returns the same lease and fence (and extends it by the requested TTL).
    /// </summary>
    /// <remarks>Interleaves: it spends its wait outside any turn, so a waiting acquire never blocks a renew or a release.</remarks>
    [Orleans.Concurrency.AlwaysInterleave]
    [Alias("acquire")]
    Task<LeaseResult> AcquireAsync(AcquireLease request);

    /// <summary>Extends the lease if <see cref="RenewLease.LeaseId"/> is the current, unexpired lease.</summary>
    [Alias("renew")]
    Task<LeaseResult> RenewAsync(RenewLease request);

    /// <summary>Ends the lease if <paramref name="leaseId"/> is the current, unexpired lease.</summary>
    [Alias("release")]
    Task<LeaseResult> ReleaseAsync(string leaseId, string? owner = null);

    /// <summary>The lease's state as people may see it (no lease id, no token).</summary>
    [Alias("get")]
    Task<LeaseView> GetAsync();
}
