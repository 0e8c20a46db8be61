using Leasehold.Chaos.Checking;
using Leasehold.Chaos.Recording;

namespace Leasehold.Chaos.Tests.Checking;

/// <summary>Leases taken in sessions are leases to every check, cut where their session may have ended them; (vii) checks the sessions' ends.</summary>
public sealed class SessionCheckingTests
{
    private const string S = "s1";
    private const string Holder = "x0-1";

    [Fact]
    public void A_new_holder_granted_while_a_session_lease_was_unexpired_is_two_unexpired_leases()
    {
        var h = new HistoryBuilder();
        h.OpenSession("x0", S, Holder, invoked: 0, completed: 5, ttlMs: 3_000);
        var lease = h.AcquireInSession("x0", S, Holder, "r", fence: 1, "a", invoked: 10, completed: 20, ttlMs: 2_990);
        var intruder = h.Acquire("c1", "r", fence: 2, "b", invoked: 400, completed: 500);

        var anomaly = Assert.Single(HistoryChecker.Check(h.Operations).Anomalies);

        Assert.Equal(AnomalyKind.TwoUnexpiredLeases, anomaly.Kind);
        Assert.Contains(lease, anomaly.Operations);
        Assert.Contains(intruder, anomaly.Operations);
    }

    [Fact]
    public void A_close_of_unknown_outcome_ends_the_sessions_leases_as_early_as_it_was_sent()
    {
        // The close's answer was lost, but it ended the session (and its lease) at once; the next holder got fence 2.
        var h = new HistoryBuilder();
        h.OpenSession("x0", S, Holder, invoked: 0, completed: 5, ttlMs: 3_000);
        h.AcquireInSession("x0", S, Holder, "r", fence: 1, "a", invoked: 10, completed: 20, ttlMs: 2_990);
        h.CloseSession("x0", S, Holder, invoked: 100, completed: 10_100, released: null, outcome: OperationOutcome.Unknown);
        h.Acquire("c1", "r", fence: 2, "b", invoked: 150, completed: 200);
        h.Sample("r", fence: 2, held: true, "c1", remainingMs: 900, invoked: 300, completed: 305);

        Assert.Empty(HistoryChecker.Check(h.Operations).Anomalies);
    }

    [Fact]
    public void A_close_of_unknown_outcome_may_end_the_sessions_leases_after_its_client_gave_up_on_it()
    {
        // The close's client gave up at 200, but the close was still on its way: the lease sampled held at 250 ended with it.
        var h = new HistoryBuilder();
        h.OpenSession("x0", S, Holder, invoked: 0, completed: 5, ttlMs: 3_000);
        h.AcquireInSession("x0", S, Holder, "r", fence: 1, "a", invoked: 10, completed: 20, ttlMs: 2_990);
        h.CloseSession("x0", S, Holder, invoked: 100, completed: 200, released: null, outcome: OperationOutcome.Unknown);
        h.Sample("r", fence: 1, held: true, Holder, remainingMs: 2_700, invoked: 250, completed: 255);
        h.Acquire("c1", "r", fence: 2, "b", invoked: 300, completed: 400);

        Assert.Empty(HistoryChecker.Check(h.Operations).Anomalies);
    }

    [Fact]
    public void A_session_ends_its_leases_when_it_expires_even_if_they_were_granted_for_longer()
    {
        // Granted late in the session, the lease got the service's shortest TTL (300 ms here), longer than the 50 ms the session
        // had left; the session's expiry released it, and the next holder was granted fence 2 before the lease's own TTL ran out.
        var h = new HistoryBuilder();
        h.OpenSession("x0", S, Holder, invoked: 0, completed: 5, ttlMs: 1_000);
        h.AcquireInSession("x0", S, Holder, "r", fence: 1, "a", invoked: 950, completed: 960, ttlMs: 300);
        h.Acquire("c1", "r", fence: 2, "b", invoked: 1_010, completed: 1_050);

        Assert.Empty(HistoryChecker.Check(h.Operations).Anomalies);

        // The same grants outside a session are two unexpired leases: the cut is the session's doing.
        var plain = new HistoryBuilder();
        plain.Acquire("x0", "r", fence: 1, "a", invoked: 950, completed: 960, ttlMs: 300);
        plain.Acquire("c1", "r", fence: 2, "b", invoked: 1_010, completed: 1_050);
        Assert.Equal(AnomalyKind.TwoUnexpiredLeases, Assert.Single(HistoryChecker.Check(plain.Operations).Anomalies).Kind);
    }

    [Fact]
    public void A_keep_alive_is_not_counted_as_extending_the_sessions_leases()
    {
        // Sound, just weaker: an activation that missed the keep-alive may end the session at its own, earlier, reading.
        var h = new HistoryBuilder();
        h.OpenSession("x0", S, Holder, invoked: 0, completed: 5, ttlMs: 1_000);
        h.AcquireInSession("x0", S, Holder, "r", fence: 1, "a", invoked: 10, completed: 20, ttlMs: 990);
        h.KeepAlive("x0", S, Holder, invoked: 500, completed: 510);
        h.Sample("r", fence: 1, held: true, Holder, remainingMs: 990, invoked: 520, completed: 525);
        h.Acquire("c1", "r", fence: 2, "b", invoked: 1_100, completed: 1_200);

        Assert.Empty(HistoryChecker.Check(h.Operations).Anomalies);
    }

    [Fact]
    public void A_sample_reporting_a_closed_sessions_lease_held_after_the_close_is_caught()
    {
        var h = new HistoryBuilder();
        h.OpenSession("x0", S, Holder, invoked: 0, completed: 5, ttlMs: 3_000);
        var lease = h.AcquireInSession("x0", S, Holder, "r", fence: 1, "a", invoked: 10, completed: 20, ttlMs: 2_990);
        h.AcquireInSession("x0", S, Holder, "q", fence: 4, "c", invoked: 30, completed: 40, ttlMs: 2_970);
        var close = h.CloseSession("x0", S, Holder, invoked: 100, completed: 110, released: 2);
        var sample = h.Sample("r", fence: 1, held: true, Holder, remainingMs: 2_000, invoked: 200, completed: 205);

        var anomaly = Assert.Single(HistoryChecker.Check(h.Operations).Anomalies);

        Assert.Equal(AnomalyKind.SessionLeaseOutlivedSession, anomaly.Kind);
        Assert.Equal([lease, close, sample], anomaly.Operations);
    }

    [Fact]
    public void A_close_that_released_fewer_leases_than_the_session_was_granted_claims_nothing_of_them()
    {
        // A lease the session could not release runs out by its own TTL: a sample may still see it held.
        var h = new HistoryBuilder();
        h.OpenSession("x0", S, Holder, invoked: 0, completed: 5, ttlMs: 3_000);
        h.AcquireInSession("x0", S, Holder, "r", fence: 1, "a", invoked: 10, completed: 20, ttlMs: 2_990);
        h.CloseSession("x0", S, Holder, invoked: 100, completed: 110, released: 0);
        h.Sample("r", fence: 1, held: true, Holder, remainingMs: 2_000, invoked: 200, completed: 205);

        Assert.Empty(HistoryChecker.Check(h.Operations).Anomalies);
    }

    [Fact]
    public void After_an_acquire_of_unknown_outcome_in_the_session_a_close_claims_nothing_of_its_leases()
    {
        // The unknown acquire may have added a lease the count includes, in place of one the close could not release.
        var h = new HistoryBuilder();
        h.OpenSession("x0", S, Holder, invoked: 0, completed: 5, ttlMs: 3_000);
        h.AcquireInSession("x0", S, Holder, "r", fence: 1, "a", invoked: 10, completed: 20, ttlMs: 2_990);
        h.AcquireInSession("x0", S, Holder, "q", fence: 0, "-", invoked: 30, completed: 40, ttlMs: 0, outcome: OperationOutcome.Unknown);
        h.CloseSession("x0", S, Holder, invoked: 100, completed: 110, released: 1);
        h.Sample("r", fence: 1, held: true, Holder, remainingMs: 2_000, invoked: 200, completed: 205);

        Assert.Empty(HistoryChecker.Check(h.Operations).Anomalies);
    }

    [Fact]
    public void A_keep_alive_answered_open_after_the_close_was_acknowledged_is_caught()
    {
        var h = new HistoryBuilder();
        h.OpenSession("x0", S, Holder, invoked: 0, completed: 5, ttlMs: 3_000);
        var close = h.CloseSession("x0", S, Holder, invoked: 100, completed: 110, released: 0);
        var revived = h.KeepAlive("x0", S, Holder, invoked: 120, completed: 130);

        var anomaly = Assert.Single(HistoryChecker.Check(h.Operations).Anomalies);

        Assert.Equal(AnomalyKind.SessionLeaseOutlivedSession, anomaly.Kind);
        Assert.Equal([close, revived], anomaly.Operations);
    }

    [Fact]
    public void An_acquire_granted_in_a_session_after_a_keep_alive_found_it_ended_is_caught()
    {
        var h = new HistoryBuilder();
        h.OpenSession("x0", S, Holder, invoked: 0, completed: 5, ttlMs: 1_000);
        var lost = h.KeepAlive("x0", S, Holder, invoked: 1_500, completed: 1_510, outcome: OperationOutcome.Fail);
        var granted = h.AcquireInSession("x0", S, Holder, "r", fence: 1, "a", invoked: 1_600, completed: 1_610, ttlMs: 500);

        var anomaly = Assert.Single(HistoryChecker.Check(h.Operations).Anomalies, a => a.Kind == AnomalyKind.SessionLeaseOutlivedSession);

        Assert.Equal([lost, granted], anomaly.Operations);
    }

    [Fact]
    public void A_keep_alive_concurrent_with_the_close_may_have_come_first()
    {
        // Sent before the close was answered: it may have been served before the close.
        var h = new HistoryBuilder();
        h.OpenSession("x0", S, Holder, invoked: 0, completed: 5, ttlMs: 3_000);
        h.AcquireInSession("x0", S, Holder, "r", fence: 1, "a", invoked: 10, completed: 20, ttlMs: 2_990);
        h.CloseSession("x0", S, Holder, invoked: 100, completed: 300, released: 1);
        h.KeepAlive("x0", S, Holder, invoked: 150, completed: 400);
        h.Sample("r", fence: 1, held: true, Holder, remainingMs: 2_000, invoked: 250, completed: 255);
        h.Acquire("c1", "r", fence: 2, "b", invoked: 310, completed: 320);

        Assert.Empty(HistoryChecker.Check(h.Operations).Anomalies);
    }

    [Theory]
    [InlineData(OperationKind.KeepAliveSession, 404)]
    [InlineData(OperationKind.CloseSession, 410)]
    [InlineData(OperationKind.OpenSession, 200)]
    public void Session_answers_outside_their_contract_are_reported(OperationKind kind, int status)
    {
        var h = new HistoryBuilder();
        h.Add(new Operation(0, "x0", kind, null, null, 0, 0, 5, OperationOutcome.Fail, status, SessionId: S, Holder: Holder));
        h.Add(new Operation(0, "x0", OperationKind.Acquire, "r", null, 0, 10, 15, OperationOutcome.Fail, 410, Problem: "session-lost", SessionId: S, Holder: Holder));

        var anomaly = Assert.Single(HistoryChecker.Check(h.Operations).Anomalies);

        Assert.Equal(AnomalyKind.OutsideContract, anomaly.Kind);
        Assert.Equal(kind, Assert.Single(anomaly.Operations).Kind);
    }
}
