using Leasehold.Chaos.Checking;
using Leasehold.Chaos.Recording;

namespace Leasehold.Chaos.Tests.Checking;

/// <summary>
/// The checks know read-write locks: shared holds of one epoch may overlap and share its fence, an exclusive holder may
/// overlap no other unexpired holder, an epoch's fence is never handed out again, and no write under a reader's token is
/// acknowledged. Each violating history below must be reported; each legal one must not.
/// </summary>
public sealed class SharedModeCheckingTests
{
    private static readonly CheckOptions Options = new();

    [Fact]
    public void Readers_overlapping_with_one_fence_and_a_writer_after_the_last_of_them_is_no_anomaly()
    {
        var h = new HistoryBuilder();
        h.Acquire("c1", "r", fence: 5, "a", invoked: 0, completed: 10, ttlMs: 1_000, shared: true);
        h.Acquire("c2", "r", fence: 5, "b", invoked: 100, completed: 110, ttlMs: 1_000, shared: true);
        h.Release("c1", "r", fence: 5, "a", invoked: 200, completed: 210, shared: true);
        h.Release("c2", "r", fence: 5, "b", invoked: 300, completed: 310, shared: true);
        h.Acquire("c3", "r", fence: 6, "c", invoked: 250, completed: 400);

        Assert.Empty(HistoryChecker.Check(h.Operations, Options).Anomalies);
    }

    [Fact]
    public void An_exclusive_lease_and_a_shared_one_with_one_fence_is_a_fence_granted_twice()
    {
        var h = new HistoryBuilder();
        var writer = h.Acquire("c1", "r", fence: 5, "a", invoked: 0, completed: 10);
        var reader = h.Acquire("c2", "r", fence: 5, "b", invoked: 2_000, completed: 2_010, shared: true);

        var anomaly = Assert.Single(FenceUniqueness.Check(h.Operations));

        Assert.Equal(AnomalyKind.FenceGrantedTwice, anomaly.Kind);
        Assert.Equal([writer, reader], anomaly.Operations);
    }

    [Fact]
    public void A_writer_granted_while_a_reader_still_held_is_two_unexpired_leases()
    {
        var h = new HistoryBuilder();
        var reader = h.Acquire("c1", "r", fence: 5, "a", invoked: 0, completed: 10, ttlMs: 1_000, shared: true);
        var writer = h.Acquire("c2", "r", fence: 6, "b", invoked: 400, completed: 500);

        var anomaly = Assert.Single(LeaseExclusion.Check(h.Operations, Options));

        Assert.Equal(AnomalyKind.TwoUnexpiredLeases, anomaly.Kind);
        Assert.Equal([reader, writer], anomaly.Operations);
    }

    [Fact]
    public void Another_readers_release_does_not_end_a_readers_hold()
    {
        // Were the epoch one lease, reader b's release would cut reader a's evidence short and hide the writer's overlap.
        var h = new HistoryBuilder();
        var first = h.Acquire("c1", "r", fence: 5, "a", invoked: 0, completed: 10, ttlMs: 1_000, shared: true);
        h.Acquire("c2", "r", fence: 5, "b", invoked: 20, completed: 30, ttlMs: 1_000, shared: true);
        h.Release("c2", "r", fence: 5, "b", invoked: 100, completed: 110, shared: true);
        var writer = h.Acquire("c3", "r", fence: 6, "c", invoked: 400, completed: 500);

        var anomaly = Assert.Single(LeaseExclusion.Check(h.Operations, Options));

        Assert.Equal([first, writer], anomaly.Operations);
    }

    [Fact]
    public void A_reader_let_into_an_epoch_that_had_ended_is_a_fence_granted_twice()
    {
        var h = new HistoryBuilder();
        h.Acquire("c1", "r", fence: 5, "a", invoked: 0, completed: 10, ttlMs: 1_000, shared: true);
        h.Release("c1", "r", fence: 5, "a", invoked: 20, completed: 30, shared: true);
        var writer = h.Acquire("c2", "r", fence: 6, "b", invoked: 40, completed: 50);
        h.Release("c2", "r", fence: 6, "b", invoked: 60, completed: 70);
        var late = h.Acquire("c3", "r", fence: 5, "c", invoked: 80, completed: 90, shared: true);

        var anomaly = Assert.Single(FenceUniqueness.Check(h.Operations));

        Assert.Equal(AnomalyKind.FenceGrantedTwice, anomaly.Kind);
        Assert.Equal([writer, late], anomaly.Operations);
    }

    [Fact]
    public void A_write_acknowledged_under_a_shared_token_is_an_anomaly_and_a_refused_one_is_within_contract()
    {
        var h = new HistoryBuilder();
        h.Acquire("c1", "r", fence: 5, "a", invoked: 0, completed: 10, shared: true);
        var accepted = h.Add(new Operation(0, "c1", OperationKind.Write, "r", "r.obj", 0, 20, 30, OperationOutcome.Ok, 200, LeaseId: "a", Fence: 5, Value: "c1-1", Shared: true));
        h.Add(new Operation(0, "c1", OperationKind.Delete, "r", "r.obj", 0, 40, 50, OperationOutcome.Fail, 403, "shared-lease", LeaseId: "a", Fence: 5, Shared: true));

        var anomaly = Assert.Single(HistoryChecker.Check(h.Operations, Options).Anomalies, a => a.Kind != AnomalyKind.NoFinalRead);

        Assert.Equal(AnomalyKind.SharedWriteAccepted, anomaly.Kind);
        Assert.Equal([accepted], anomaly.Operations);
    }

    [Fact]
    public void A_403_for_a_write_under_an_exclusive_token_stays_outside_the_contract()
    {
        var h = new HistoryBuilder();
        h.Add(new Operation(0, "c1", OperationKind.Write, "r", "r.obj", 0, 20, 30, OperationOutcome.Fail, 403, "shared-lease", LeaseId: "a", Fence: 5, Value: "c1-1"));

        Assert.Equal(AnomalyKind.OutsideContract, Assert.Single(ContractStatuses.Check(h.Operations)).Kind);
    }
}
