using Leasehold.Chaos.Checking;

namespace Leasehold.Chaos.Tests.Checking;

public sealed class FenceUniquenessTests
{
    [Fact]
    public void Two_leases_granted_one_fence_is_reported_with_both_grants()
    {
        var h = new HistoryBuilder();
        var first = h.Acquire("c1", "r", fence: 7, "lease-a", 0, 10);
        var second = h.Acquire("c2", "r", fence: 7, "lease-b", 5_000, 5_010);

        var anomaly = Assert.Single(FenceUniqueness.Check(h.Operations));

        Assert.Equal(AnomalyKind.FenceGrantedTwice, anomaly.Kind);
        Assert.Equal([first, second], anomaly.Operations);
    }

    [Fact]
    public void An_idempotent_retry_and_a_renewal_of_one_lease_are_not_an_anomaly()
    {
        var h = new HistoryBuilder();
        h.Acquire("c1", "r", fence: 7, "lease-a", 0, 10);
        h.Acquire("c1", "r", fence: 7, "lease-a", 20, 30);
        h.Renew("c1", "r", fence: 7, "lease-a", 40, 50);
        h.Acquire("c2", "other", fence: 7, "lease-b", 0, 10);

        Assert.Empty(FenceUniqueness.Check(h.Operations));
    }

    [Fact]
    public void One_lease_answered_with_two_fences_is_reported()
    {
        var h = new HistoryBuilder();
        h.Acquire("c1", "r", fence: 7, "lease-a", 0, 10);
        h.Renew("c1", "r", fence: 8, "lease-a", 40, 50);

        Assert.Equal(AnomalyKind.FenceGrantedTwice, Assert.Single(FenceUniqueness.Check(h.Operations)).Kind);
    }

    [Fact]
    public void A_fence_reported_held_by_a_holder_it_was_not_granted_to_is_reported()
    {
        var h = new HistoryBuilder();
        h.Acquire("c1", "r", fence: 7, "lease-a", 0, 10);
        h.Sample("r", fence: 7, held: true, holder: "c2", remainingMs: 500, 20, 25);

        Assert.Equal(AnomalyKind.FenceGrantedTwice, Assert.Single(FenceUniqueness.Check(h.Operations)).Kind);
    }

    [Fact]
    public void Grants_of_unknown_outcome_are_not_evidence()
    {
        var h = new HistoryBuilder();
        h.Acquire("c1", "r", fence: 7, "lease-a", 0, 10);
        h.Add(h.Acquire("c2", "r", fence: 7, "lease-b", 5_000, 5_010) with { Outcome = Recording.OperationOutcome.Unknown, Id = 0 });

        Assert.Single(FenceUniqueness.Check(h.Operations));
    }
}
