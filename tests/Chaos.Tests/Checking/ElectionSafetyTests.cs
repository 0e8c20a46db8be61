using Leasehold.Chaos.Checking;
using Leasehold.Chaos.Recording;

namespace Leasehold.Chaos.Tests.Checking;

/// <summary>Election safety is checked as the lease checks of the election's lease (<see cref="ElectionsAsLeases"/>).</summary>
public sealed class ElectionSafetyTests
{
    private const string Election = "election:e";

    [Fact]
    public void A_leader_elected_while_the_older_leaders_term_was_unexpired_is_two_leaders()
    {
        var h = new HistoryBuilder();
        var older = Campaign(h, "c1", fence: 3, "a", invoked: 0, completed: 10, ttlMs: 1_000);
        var newer = Campaign(h, "c2", fence: 4, "b", invoked: 400, completed: 500);

        var anomaly = Assert.Single(HistoryChecker.Check(h.Operations).Anomalies);

        Assert.Equal(AnomalyKind.TwoUnexpiredLeases, anomaly.Kind);
        Assert.StartsWith("Two leaders: ", anomaly.Description, StringComparison.Ordinal);
        // Reported as recorded: campaigns, not the acquires they were checked as.
        Assert.Equal([older, newer], anomaly.Operations);
    }

    [Fact]
    public void A_leader_sample_of_the_older_term_after_a_newer_leader_was_elected_is_two_leaders()
    {
        var h = new HistoryBuilder();
        Campaign(h, "c1", fence: 3, "a", invoked: 0, completed: 10, ttlMs: 500);
        Campaign(h, "c2", fence: 4, "b", invoked: 600, completed: 700, ttlMs: 5_000);
        var stale = LeaderSample(h, fence: 3, leader: "c1", remainingMs: 300, invoked: 800, completed: 805);

        var anomaly = Assert.Single(HistoryChecker.Check(h.Operations).Anomalies);

        Assert.Equal(AnomalyKind.TwoUnexpiredLeases, anomaly.Kind);
        Assert.Contains(stale, anomaly.Operations);
    }

    [Fact]
    public void A_proclaim_renews_the_term_so_a_leader_elected_within_it_is_two_leaders()
    {
        var h = new HistoryBuilder();
        Campaign(h, "c1", fence: 3, "a", invoked: 0, completed: 10, ttlMs: 500);
        h.Add(new Operation(0, "c1", OperationKind.Proclaim, Election, null, 0, 300, 310, OperationOutcome.Ok, 200, LeaseId: "a", Fence: 3, TtlMs: 500, Holder: "c1", Value: "v"));
        Campaign(h, "c2", fence: 4, "b", invoked: 600, completed: 700);

        Assert.Equal(AnomalyKind.TwoUnexpiredLeases, Assert.Single(HistoryChecker.Check(h.Operations).Anomalies).Kind);
    }

    [Fact]
    public void A_resign_sent_before_the_next_leader_was_elected_ends_the_older_term()
    {
        var h = new HistoryBuilder();
        Campaign(h, "c1", fence: 3, "a", invoked: 0, completed: 10, ttlMs: 5_000);
        h.Add(new Operation(0, "c1", OperationKind.Resign, Election, null, 0, 100, 110, OperationOutcome.Ok, 204, LeaseId: "a", Fence: 3));
        Campaign(h, "c2", fence: 4, "b", invoked: 50, completed: 200);
        h.Add(new Operation(0, "sampler", OperationKind.GetLeader, Election, null, 0, 300, 305, OperationOutcome.Ok, 404, Fence: 4, Held: false));

        Assert.Empty(HistoryChecker.Check(h.Operations).Anomalies);
    }

    [Fact]
    public void One_fence_answered_to_two_leaders_is_a_fence_granted_twice()
    {
        var h = new HistoryBuilder();
        Campaign(h, "c1", fence: 3, "a", invoked: 0, completed: 10, ttlMs: 100);
        Campaign(h, "c2", fence: 3, "b", invoked: 500, completed: 510, ttlMs: 100);

        var anomaly = Assert.Single(HistoryChecker.Check(h.Operations).Anomalies, a => a.Kind == AnomalyKind.FenceGrantedTwice);
        Assert.All(anomaly.Operations, o => Assert.Equal(OperationKind.Campaign, o.Kind));
    }

    [Fact]
    public void Election_answers_outside_their_contract_are_reported()
    {
        var h = new HistoryBuilder();
        h.Add(new Operation(0, "c1", OperationKind.GetLeader, Election, null, 0, 0, 5, OperationOutcome.Ok, 500));
        h.Add(new Operation(0, "c1", OperationKind.Campaign, Election, null, 0, 10, 15, OperationOutcome.Fail, 409));

        var anomaly = Assert.Single(HistoryChecker.Check(h.Operations).Anomalies);
        Assert.Equal(AnomalyKind.OutsideContract, anomaly.Kind);
    }

    private static Operation Campaign(HistoryBuilder h, string client, long fence, string leaseId, double invoked, double completed, long ttlMs = 1_000) =>
        h.Add(new Operation(0, client, OperationKind.Campaign, Election, null, 0, invoked, completed, OperationOutcome.Ok, 200, LeaseId: leaseId, Fence: fence, TtlMs: ttlMs, Holder: client));

    private static Operation LeaderSample(HistoryBuilder h, long fence, string leader, long remainingMs, double invoked, double completed) =>
        h.Add(new Operation(0, "sampler", OperationKind.GetLeader, Election, null, 0, invoked, completed, OperationOutcome.Ok, 200, Fence: fence, Held: true, Holder: leader, RemainingMs: remainingMs));
}
