using Orleans;

namespace Leasehold.Grains;

/// <summary>
/// A counting semaphore (the grain key is its name) with a fair line: permit slot <c>i</c> is the
/// <see cref="ILeaseGrain"/> of <see cref="SemaphoreNames.ResourceOf"/>, so each permit is an ordinary lease with its own
/// fence and token. This grain keeps the number of permits durable (fixed by the first acquire) and the FIFO line of
/// acquires; the permits themselves are the slot leases' state, so never more than that many are unexpired at once.
/// </summary>
[Alias("leasehold.ISemaphoreGrain")]
public interface ISemaphoreGrain : IGrainWithStringKey
{
    /// <summary>
    /// Grants a free slot, waiting in line up to <see cref="AcquirePermit.Wait"/>. Idempotent for a holder that already
    /// holds a slot: that slot's same lease and fence, extended. Answers <see cref="PermitResult.Granted"/>,
    /// <see cref="PermitResult.Full"/>, <see cref="PermitResult.PermitsMismatch"/>, <see cref="PermitResult.LineFull"/> or
    /// <see cref="PermitResult.Forbidden"/>.
    /// </summary>
    /// <remarks>Interleaves: it spends its wait outside any turn, so a waiting acquire never blocks a release or a read.</remarks>
    [Orleans.Concurrency.AlwaysInterleave]
    [Alias("acquire")]
    Task<PermitResult> AcquireAsync(AcquirePermit request);

    /// <summary>Renews the permit of <paramref name="slot"/> (the slot's lease); <see cref="LeaseResult.Lost"/> once it is gone.</summary>
    /// <remarks>Interleaves: it only forwards to the slot's lease, which orders it with that slot's other changes.</remarks>
    [Orleans.Concurrency.AlwaysInterleave]
    [Alias("renew")]
    Task<LeaseResult> RenewAsync(int slot, RenewLease request);

    /// <summary>Releases the permit of <paramref name="slot"/> and wakes the first in line at once.</summary>
    /// <remarks>Interleaves: as <see cref="RenewAsync"/>; the wake-up touches only this activation's line, between awaits.</remarks>
    [Orleans.Concurrency.AlwaysInterleave]
    [Alias("release")]
    Task<LeaseResult> ReleaseAsync(int slot, string leaseId, string? owner = null);

    /// <summary>How many permits the semaphore has; 0 when it was never acquired. Asks no slot.</summary>
    /// <remarks>Interleaves: it only reads.</remarks>
    [Orleans.Concurrency.AlwaysInterleave]
    [Alias("permits")]
    Task<int> GetPermitsAsync();

    /// <summary>The permits, the held slots and the line.</summary>
    /// <remarks>Interleaves: it only reads.</remarks>
    [Orleans.Concurrency.AlwaysInterleave]
    [Alias("get")]
    Task<SemaphoreView> GetAsync();
}
