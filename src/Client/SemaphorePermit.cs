namespace Leasehold.Client;

/// <summary>
/// A permit of a semaphore, held as a <see cref="FencedLock"/> holds a lease — because it is one: the lease on
/// <c>semaphore:NAME:SLOT</c>. Acquires (waiting in the semaphore's fair line up to <see cref="FencedLockOptions.Wait"/>),
/// renews in the background on the lease routes of its slot, and fires <see cref="PermitLost"/> as soon as the permit can
/// no longer be trusted by the local monotonic clock (or the server refused a renewal); releases on dispose through the
/// semaphore, so the next in line gets the slot at once. Server time is never used.
/// </summary>
/// <remarks>
/// Holding a permit is never enough: a holder can pause past its TTL and wake up believing it still holds it. Send
/// <see cref="Token"/> with every write made under the permit, to keys of its slot (<c>semaphore:NAME:SLOT</c>,
/// <c>semaphore:NAME:SLOT.*</c>), so the store refuses them once the slot was granted again and written.
/// </remarks>
public sealed class SemaphorePermit : IAsyncDisposable
{
    private SemaphorePermit(string semaphore, int permits, FencedLock fencedLock)
    {
        Semaphore = semaphore;
        Permits = permits;
        Lock = fencedLock;
        Slot = LeaseholdClient.SlotOf(fencedLock.Lease);
    }

    /// <summary>The semaphore.</summary>
    public string Semaphore { get; }

    /// <summary>How many permits the semaphore has.</summary>
    public int Permits { get; }

    /// <summary>This permit's slot, 0 to <see cref="Permits"/> − 1.</summary>
    public int Slot { get; }

    /// <summary>The slot's lease: <c>semaphore:NAME:SLOT</c>.</summary>
    public string Resource => Lock.Resource;

    /// <summary>Who holds the permit.</summary>
    public string Holder => Lock.Holder;

    /// <summary>The slot's fence: it grows with every grant of this slot; renewals keep it.</summary>
    public long Fence => Lock.Fence;

    /// <summary>The signed fencing token: send it with every write made under the permit.</summary>
    public string Token => Lock.Token;

    /// <summary>The lease id (a secret: it renews and releases).</summary>
    public string LeaseId => Lock.LeaseId;

    /// <summary>Cancelled as soon as the permit can no longer be trusted; never un-cancelled. Pass it to the work done under it.</summary>
    public CancellationToken PermitLost => Lock.LeaseLost;

    /// <summary>Whether <see cref="PermitLost"/> has fired.</summary>
    public bool IsLost => Lock.IsLost;

    /// <summary>Why the permit was lost; null while it is trusted.</summary>
    public string? LostReason => Lock.LostReason;

    /// <summary>The lock that holds the slot's lease: its renewal, its local deadline, its loss signal.</summary>
    public FencedLock Lock { get; }

    /// <summary>
    /// Acquires one of the <paramref name="permits"/> permits of <paramref name="semaphore"/> as
    /// <see cref="FencedLockOptions.Holder"/> (default unique per process), waiting up to <see cref="FencedLockOptions.Wait"/>;
    /// then keeps it alive.
    /// </summary>
    /// <exception cref="SemaphoreFullException">Every permit is still held when the wait ran out.</exception>
    /// <exception cref="LeaseholdException">409 <c>permits-mismatch</c>: the semaphore has another number of permits.</exception>
    public static async Task<SemaphorePermit> AcquireAsync(LeaseholdClient client, string semaphore, int permits, FencedLockOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(semaphore);
        ArgumentOutOfRangeException.ThrowIfLessThan(permits, 1);
        var fencedLock = await FencedLock.AcquireThroughAsync(
            client,
            options,
            (holder, ttl, wait, ct) => client.AcquirePermitLeaseAsync(semaphore, holder, permits, ttl, wait, client.Options.Retry, ct),
            (lease, timeout, ct) => client.ReleasePermitAsync(semaphore, LeaseholdClient.SlotOf(lease), lease.LeaseId, timeout, ct),
            cancellationToken).ConfigureAwait(false);
        return new SemaphorePermit(semaphore, permits, fencedLock);
    }

    /// <summary>Throws <see cref="LeaseLostException"/> if the permit can no longer be trusted.</summary>
    public void ThrowIfLost()
    {
        if (IsLost)
        {
            throw new LeaseLostException($"The permit of slot {Slot} of '{Semaphore}' (fence {Fence}) is lost: {LostReason}.");
        }
    }

    /// <summary>Releases: fires <see cref="PermitLost"/> first, then ends the permit on the server (see <see cref="FencedLock.DisposeAsync"/>).</summary>
    public ValueTask DisposeAsync() => Lock.DisposeAsync();
}
