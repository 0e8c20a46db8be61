using Leasehold.Chaos.Checking;
using Leasehold.Chaos.Recording;

namespace Leasehold.Chaos.Tests.Checking;

public sealed class WriteOrderTests
{
    [Fact]
    public void A_late_write_with_token_33_acknowledged_after_token_34_wrote_is_reported()
    {
        // The notes' story with the store's check missing: 34 is acknowledged, then 33 is sent and acknowledged too.
        var h = new HistoryBuilder();
        var newer = h.Write("c2", "k", fence: 34, "c2-1", 100, 110);
        var late = h.Write("c1", "k", fence: 33, "c1-9", 200, 210, late: true);

        var anomaly = Assert.Single(WriteOrder.Check(h.Operations));

        Assert.Equal(AnomalyKind.StaleWriteAcknowledged, anomaly.Kind);
        Assert.Equal([newer, late], anomaly.Operations);
        Assert.Contains("fence 33", anomaly.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Concurrent_writes_may_be_acknowledged_in_either_fence_order()
    {
        // 33 was sent before 34 was acknowledged: the store may have applied 33 first.
        var h = new HistoryBuilder();
        h.Write("c2", "k", fence: 34, "c2-1", 100, 150);
        h.Write("c1", "k", fence: 33, "c1-9", 140, 160);

        Assert.Empty(WriteOrder.Check(h.Operations));
    }

    [Fact]
    public void Refused_and_unknown_writes_are_not_evidence_and_other_keys_do_not_count()
    {
        var h = new HistoryBuilder();
        h.Write("c2", "k", fence: 34, "c2-1", 100, 110, OperationOutcome.Unknown);
        h.Write("c3", "other", fence: 40, "c3-1", 100, 110);
        h.Write("c1", "k", fence: 33, "c1-9", 200, 210);
        h.Write("c4", "k", fence: 30, "c4-1", 300, 310, OperationOutcome.Fail);

        Assert.Empty(WriteOrder.Check(h.Operations));
    }

    [Fact]
    public void Equal_fences_are_accepted_in_any_order()
    {
        var h = new HistoryBuilder();
        h.Write("c1", "k", fence: 5, "c1-1", 0, 10);
        h.Write("c1", "k", fence: 5, "c1-2", 20, 30);

        Assert.Empty(WriteOrder.Check(h.Operations));
    }
}
