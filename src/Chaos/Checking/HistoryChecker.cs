using Leasehold.Chaos.Recording;

namespace Leasehold.Chaos.Checking;

/// <summary>
/// Checks a history against Leasehold's safety properties: (i) <see cref="FenceUniqueness"/>, (ii) <see cref="WriteOrder"/>,
/// (iii) <see cref="WriteDurability"/>, (iv) <see cref="LeaseExclusion"/>, plus <see cref="SharedWrites"/> (no write under a
/// reader's token) and <see cref="ContractStatuses"/>. All are mode-aware: shared holds may overlap and share their epoch's fence. Elections are
/// checked as the leases they are (<see cref="ElectionsAsLeases"/>): (i) and (iv) over an election's lease are election
/// safety — one leader per term, never two leaders with unexpired terms — and (ii), (iii) fence its leaders' writes.
/// Semaphores too (<see cref="SemaphoresAsLeases"/>): each permit slot is a lease, and (v) <see cref="SemaphorePermits"/>
/// checks that no more than N permits were unexpired at once. Watches: (vii) <see cref="WatchGaps"/> (no silent gap, no going
/// back on one watcher's streams), (viii) <see cref="WatchAgreement"/> (one id, one change), and the fences they name against
/// the grants (<see cref="FenceUniqueness.CheckWatched"/>). Leases taken in sessions are leases to every check, (iv) cutting
/// their evidence where their session may have ended them (<see cref="SessionCuts"/>), and <see cref="SessionLeases"/>
/// checks that no session was answered open, nor its released leases held, after its end was acknowledged.
/// Every check treats an unknown outcome as "may have happened, at any time after it was sent", so it never
/// reports a violation that some real order of events could explain.
/// </summary>
public static class HistoryChecker
{
    /// <param name="operations">Every operation of the run.</param>
    /// <param name="options">What the checker may assume.</param>
    /// <param name="watchEvents">Every event the watchers received, in the order each watcher received them (none: no watchers).</param>
    public static CheckReport Check(IReadOnlyList<Operation> operations, CheckOptions? options = null, IReadOnlyList<WatchEvent>? watchEvents = null)
    {
        options ??= new CheckOptions();
        watchEvents ??= [];
        var asLeases = SemaphoresAsLeases.View(ElectionsAsLeases.View(operations));
        return new CheckReport(
        [
            .. SemaphoresAsLeases.Restore(ElectionsAsLeases.Restore(FenceUniqueness.Check(asLeases), operations)),
            .. WriteOrder.Check(operations),
            .. WriteDurability.Check(operations, options),
            .. SemaphoresAsLeases.Restore(ElectionsAsLeases.Restore(LeaseExclusion.Check(asLeases, options), operations)),
            .. SemaphorePermits.Check(operations, asLeases, options),
            .. SharedWrites.Check(operations),
            .. SessionLeases.Check(operations),
            .. ContractStatuses.Check(operations),
            .. WatchGaps.Check(watchEvents),
            .. WatchAgreement.Check(watchEvents),
            .. FenceUniqueness.CheckWatched(operations, watchEvents),
        ]);
    }
}
