using Leasehold.Chaos.Checking;
using Leasehold.Chaos.Recording;

namespace Leasehold.Chaos.Tests.Checking;

/// <summary>
/// Semaphore safety: each permit slot is checked as the lease it is (<see cref="SemaphoresAsLeases"/>), and
/// <see cref="SemaphorePermits"/> checks that no more than N permits are unexpired at once and no slot is at or past N.
/// </summary>
public sealed class SemaphoreSafetyTests
{
    private const string Name = "s";

    [Fact]
    public void Permits_granted_and_released_in_turn_by_their_semaphore_are_clean()
    {
        var h = new HistoryBuilder();
        Acquire(h, "c1", slot: 0, fence: 1, "a", invoked: 0, completed: 10, ttlMs: 1_000);
        Acquire(h, "c2", slot: 1, fence: 1, "b", invoked: 5, completed: 15, ttlMs: 1_000);
        Release(h, "c1", slot: 0, fence: 1, "a", invoked: 100, completed: 110);
        Acquire(h, "c3", slot: 0, fence: 2, "c", invoked: 105, completed: 120, ttlMs: 1_000);
        // An acquire whose answer was lost may have taken any slot: it never makes a report.
        h.Add(new Operation(0, "c4", OperationKind.AcquirePermit, $"semaphore:{Name}", null, 0, 130, 10_000, OperationOutcome.Unknown, 504, Permits: 2));
        h.Sample($"semaphore:{Name}:1", fence: 1, held: true, holder: "c2", remainingMs: 500, invoked: 400, completed: 405);

        Assert.Empty(HistoryChecker.Check(h.Operations).Anomalies);
    }

    [Fact]
    public void Three_unexpired_permits_of_a_semaphore_of_two_are_too_many_permits()
    {
        var h = new HistoryBuilder();
        var a = Acquire(h, "c1", slot: 0, fence: 1, "a", invoked: 0, completed: 10, ttlMs: 1_000);
        var b = Acquire(h, "c2", slot: 1, fence: 1, "b", invoked: 20, completed: 30, ttlMs: 1_000);
        // A third permit the semaphore should never have granted: a slot past its two.
        var c = Acquire(h, "c3", slot: 2, fence: 1, "c", invoked: 40, completed: 50, ttlMs: 1_000);

        var anomalies = HistoryChecker.Check(h.Operations).Anomalies;

        Assert.All(anomalies, x => Assert.Equal(AnomalyKind.TooManyPermits, x.Kind));
        Assert.Contains(anomalies, x => x.Operations.SequenceEqual([c]) && x.Description.Contains("granted 'semaphore:s:2'", StringComparison.Ordinal));
        var crowd = Assert.Single(anomalies, x => x.Description.Contains("held 3 unexpired at once", StringComparison.Ordinal));
        Assert.Equal([a, b, c], crowd.Operations);
    }

    [Fact]
    public void Two_holders_of_one_slot_by_the_same_clock_bound_are_two_unexpired_leases_and_too_many_permits()
    {
        var h = new HistoryBuilder();
        Acquire(h, "c1", slot: 0, fence: 1, "a", invoked: 0, completed: 10, ttlMs: 1_000);
        Acquire(h, "c2", slot: 1, fence: 1, "b", invoked: 20, completed: 30, ttlMs: 1_000);
        Acquire(h, "c3", slot: 0, fence: 2, "c", invoked: 300, completed: 310, ttlMs: 1_000);

        var anomalies = HistoryChecker.Check(h.Operations).Anomalies;

        var exclusion = Assert.Single(anomalies, x => x.Kind == AnomalyKind.TwoUnexpiredLeases);
        Assert.StartsWith("Two holders of one permit slot: ", exclusion.Description, StringComparison.Ordinal);
        Assert.All(exclusion.Operations, o => Assert.Equal(OperationKind.AcquirePermit, o.Kind));
        Assert.Single(anomalies, x => x.Kind == AnomalyKind.TooManyPermits);
    }

    [Fact]
    public void A_permit_renewed_through_its_semaphore_counts_until_its_renewed_end()
    {
        var h = new HistoryBuilder();
        Acquire(h, "c1", slot: 0, fence: 1, "a", invoked: 0, completed: 10, ttlMs: 500);
        h.Add(new Operation(0, "c1", OperationKind.RenewPermit, $"semaphore:{Name}:0", null, 0, 400, 410, OperationOutcome.Ok, 200, LeaseId: "a", Fence: 1, TtlMs: 500, Holder: "c1"));
        Acquire(h, "c2", slot: 0, fence: 2, "b", invoked: 600, completed: 700, ttlMs: 500);

        Assert.Contains(HistoryChecker.Check(h.Operations).Anomalies, x => x.Kind == AnomalyKind.TwoUnexpiredLeases);
    }

    [Fact]
    public void A_permit_release_of_unknown_outcome_may_end_the_permit_its_holder_got_back_after_giving_up_on_it()
    {
        // A partitions-only run's history: c2's release of slot 1 was given up on (unknown), c2 acquired again and got its
        // permit back (same slot, fence and lease), renewed it, and the stale release then ended it: c0, waiting, got fence 8.
        var h = new HistoryBuilder();
        Acquire(h, "c2", slot: 1, fence: 7, "551779a9", invoked: 7_400, completed: 7_410, ttlMs: 1_200);
        h.Add(new Operation(0, "c2", OperationKind.ReleasePermit, $"semaphore:{Name}:1", null, 0, 7_500, 8_070, OperationOutcome.Unknown, 504, LeaseId: "551779a9", Fence: 7));
        Acquire(h, "c2", slot: 1, fence: 7, "551779a9", invoked: 8_077.8, completed: 8_083.9, ttlMs: 626);
        h.Add(new Operation(0, "c2", OperationKind.RenewPermit, $"semaphore:{Name}:1", null, 0, 8_094.2, 8_101.5, OperationOutcome.Ok, 200, LeaseId: "551779a9", Fence: 7, TtlMs: 626, Holder: "c2"));
        Acquire(h, "c3", slot: 0, fence: 14, "72e519be", invoked: 8_127.2, completed: 8_129.7, ttlMs: 626);
        Acquire(h, "c0", slot: 1, fence: 8, "5a317d05", invoked: 8_161.0, completed: 8_676.4, ttlMs: 1_703);

        Assert.Empty(HistoryChecker.Check(h.Operations).Anomalies);
    }

    [Fact]
    public void Semaphore_answers_outside_their_contract_are_reported()
    {
        var h = new HistoryBuilder();
        h.Add(new Operation(0, "c1", OperationKind.AcquirePermit, $"semaphore:{Name}", null, 0, 0, 5, OperationOutcome.Ok, 500, Permits: 2));
        h.Add(new Operation(0, "c1", OperationKind.ReleasePermit, $"semaphore:{Name}:0", null, 0, 10, 15, OperationOutcome.Fail, 410));

        var anomaly = Assert.Single(HistoryChecker.Check(h.Operations).Anomalies, x => x.Kind == AnomalyKind.OutsideContract);
        Assert.Contains("acquire-permit answered 500", anomaly.Description, StringComparison.Ordinal);
    }

    private static Operation Acquire(HistoryBuilder h, string client, int slot, long fence, string leaseId, double invoked, double completed, long ttlMs, int permits = 2) =>
        h.Add(new Operation(0, client, OperationKind.AcquirePermit, $"semaphore:{Name}:{slot}", null, 0, invoked, completed, OperationOutcome.Ok, 200,
            LeaseId: leaseId, Fence: fence, TtlMs: ttlMs, Holder: client, Permits: permits));

    private static Operation Release(HistoryBuilder h, string client, int slot, long fence, string leaseId, double invoked, double completed) =>
        h.Add(new Operation(0, client, OperationKind.ReleasePermit, $"semaphore:{Name}:{slot}", null, 0, invoked, completed, OperationOutcome.Ok, 204, LeaseId: leaseId, Fence: fence));
}
