using Leasehold.Chaos.Checking;
using Leasehold.Chaos.Recording;

namespace Leasehold.Chaos.Tests.Checking;

/// <summary>Deletes in the history: a delete is a fenced write of a tombstone for every check that orders writes.</summary>
public sealed class DeleteCheckingTests
{
    [Fact]
    public void A_stale_delete_acknowledged_after_a_newer_write_is_reported()
    {
        var h = new HistoryBuilder();
        var newer = h.Write("c2", "k", fence: 34, "c2-1", 100, 110);
        var late = h.Delete("c1", "k", fence: 33, 200, 210, late: true);

        var anomaly = Assert.Single(WriteOrder.Check(h.Operations));

        Assert.Equal(AnomalyKind.StaleWriteAcknowledged, anomaly.Kind);
        Assert.Equal([newer, late], anomaly.Operations);
        Assert.Contains("delete with fence 33", anomaly.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void A_write_that_resurrects_a_deleted_key_with_a_lower_fence_is_reported()
    {
        var h = new HistoryBuilder();
        var deleted = h.Delete("c2", "k", fence: 34, 100, 110);
        var resurrect = h.Write("c1", "k", fence: 33, "c1-9", 200, 210, late: true);

        var anomaly = Assert.Single(WriteOrder.Check(h.Operations));

        Assert.Equal([deleted, resurrect], anomaly.Operations);
        Assert.Contains("after a delete with fence 34", anomaly.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void A_read_that_sees_the_old_value_after_an_acknowledged_delete_is_a_lost_write()
    {
        var h = new HistoryBuilder();
        h.Write("c1", "k", fence: 33, "c1-1", 0, 10);
        var deleted = h.Delete("c2", "k", fence: 34, 100, 110);
        var read = h.Read("k", fence: 33, "c1-1", 200, 210);

        var anomaly = Assert.Single(WriteDurability.Check(h.Operations, new CheckOptions { RequireFinalReads = false }));

        Assert.Equal(AnomalyKind.AcknowledgedWriteLost, anomaly.Kind);
        Assert.Equal([deleted, read], anomaly.Operations);
    }

    [Fact]
    public void A_read_of_the_tombstone_after_the_delete_and_a_recreate_at_the_same_fence_are_fine()
    {
        var h = new HistoryBuilder();
        h.Write("c1", "k", fence: 33, "c1-1", 0, 10);
        h.Delete("c2", "k", fence: 34, 100, 110);
        h.ReadDeleted("k", fence: 34, 200, 210);
        h.Write("c2", "k", fence: 34, "c2-2", 300, 310);
        h.Read("k", fence: 34, "c2-2", 400, 410);

        Assert.Empty(HistoryChecker.Check(h.Operations, new CheckOptions { RequireFinalReads = false }).Anomalies);
    }

    [Fact]
    public void A_tombstone_no_delete_made_is_reported()
    {
        var h = new HistoryBuilder();
        h.Write("c1", "k", fence: 33, "c1-1", 0, 10);
        h.Delete("c2", "k", fence: 34, 100, 110, OperationOutcome.Fail);
        var read = h.ReadDeleted("k", fence: 34, 200, 210);

        var anomaly = Assert.Single(WriteDurability.Check(h.Operations, new CheckOptions { RequireFinalReads = false }));

        Assert.Contains(read, anomaly.Operations);
        Assert.Contains("deleted with fence 34", anomaly.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void A_delete_answers_200_or_409_by_contract()
    {
        var h = new HistoryBuilder();
        h.Delete("c1", "k", 1, 0, 10);
        h.Delete("c1", "k", 1, 0, 10, OperationOutcome.Fail);
        h.Add(new Operation(0, "c1", OperationKind.Delete, "r", "k", 0, 0, 10, OperationOutcome.Fail, 403, Problem: "invalid-fencing-token", Fence: 1));

        var anomaly = Assert.Single(ContractStatuses.Check(h.Operations));

        Assert.Equal(403, anomaly.Operations.Single().Status);
    }
}
