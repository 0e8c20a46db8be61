using Leasehold.Chaos.Checking;
using Leasehold.Chaos.Recording;

namespace Leasehold.Chaos.Tests.Checking;

public sealed class WriteDurabilityTests
{
    private static readonly CheckOptions Final = new() { RequireFinalReads = true };

    [Fact]
    public void A_final_read_below_the_highest_acknowledged_fence_is_a_lost_write()
    {
        var h = new HistoryBuilder();
        h.Write("c1", "k", fence: 3, "c1-1", 0, 10);
        var lost = h.Write("c2", "k", fence: 4, "c2-1", 20, 30);
        var read = h.Read("k", fence: 3, "c1-1", 1_000, 1_010, client: "final");

        var anomaly = Assert.Single(WriteDurability.Check(h.Operations, Final));

        Assert.Equal(AnomalyKind.AcknowledgedWriteLost, anomaly.Kind);
        Assert.Equal([lost, read], anomaly.Operations);
    }

    [Fact]
    public void A_final_read_of_an_unknown_write_with_a_higher_fence_is_fine()
    {
        var h = new HistoryBuilder();
        h.Write("c1", "k", fence: 3, "c1-1", 0, 10);
        h.Write("c2", "k", fence: 4, "c2-1", 20, 30, OperationOutcome.Unknown);
        h.Read("k", fence: 4, "c2-1", 1_000, 1_010, client: "final");

        Assert.Empty(WriteDurability.Check(h.Operations, Final));
    }

    [Fact]
    public void A_value_from_a_failed_write_is_reported()
    {
        // 503 and 409 mean nothing was written: seeing that value means the service lied about it.
        var h = new HistoryBuilder();
        h.Write("c1", "k", fence: 3, "c1-1", 0, 10);
        var failed = h.Write("c2", "k", fence: 3, "c1-2", 20, 30, OperationOutcome.Fail);
        var read = h.Read("k", fence: 3, "c1-2", 1_000, 1_010, client: "final");

        var anomaly = Assert.Single(WriteDurability.Check(h.Operations, Final));

        Assert.Equal([failed, read], anomaly.Operations);
    }

    [Fact]
    public void A_read_of_a_write_sent_after_the_read_completed_is_reported()
    {
        var h = new HistoryBuilder();
        h.Read("k", fence: 3, "c1-1", 0, 10);
        h.Write("c1", "k", fence: 3, "c1-1", 20, 30);

        Assert.Single(WriteDurability.Check(h.Operations, new CheckOptions()));
    }

    [Fact]
    public void A_mid_run_read_that_misses_an_acknowledged_write_is_reported_and_a_concurrent_one_is_not()
    {
        var h = new HistoryBuilder();
        h.Write("c1", "k", fence: 3, "c1-1", 0, 10);
        h.Write("c2", "k", fence: 4, "c2-1", 100, 200);
        h.Read("k", fence: 3, "c1-1", 150, 160);
        h.Read("k", fence: 3, "c1-1", 250, 260);

        var anomaly = Assert.Single(WriteDurability.Check(h.Operations, new CheckOptions()));

        Assert.Equal(250, anomaly.Operations[^1].InvokedMs);
    }

    [Fact]
    public void An_object_not_found_after_an_acknowledged_write_is_reported()
    {
        var h = new HistoryBuilder();
        h.Write("c1", "k", fence: 3, "c1-1", 0, 10);
        h.Read("k", fence: null, value: null, 100, 110, client: "final");

        Assert.Single(WriteDurability.Check(h.Operations, Final));
    }

    [Fact]
    public void A_key_without_a_final_read_is_reported_when_final_reads_are_required()
    {
        var h = new HistoryBuilder();
        h.Write("c1", "k", fence: 3, "c1-1", 0, 10);

        Assert.Equal(AnomalyKind.NoFinalRead, Assert.Single(WriteDurability.Check(h.Operations, Final)).Kind);
        Assert.Empty(WriteDurability.Check(h.Operations, new CheckOptions()));
    }
}
