using Leasehold.Chaos.Checking;
using Leasehold.Chaos.Recording;

namespace Leasehold.Chaos.Tests.Checking;

/// <summary>
/// The watch checks on forged streams: (vii) <c>watch-gap</c> — ids go up by one on a watcher's streams, resets may jump
/// forward, nothing goes back; (viii) <c>watch-events-disagree</c> — one id is one change for every watcher; and
/// <c>watch-contradicts-history</c> — a watched fence belongs to the holder an acknowledged grant gave it to. Each violating
/// stream must be reported; each legal one (however it reconnected) must not.
/// </summary>
public sealed class WatchCheckingTests
{
    [Fact]
    public void A_stream_that_resumes_exactly_after_its_last_id_through_another_node_is_no_anomaly()
    {
        var w = new WatchStreamBuilder("w0");
        w.Reset(4, "start");
        w.Change(5, "granted", "c1", fence: 7);
        w.Change(6, "renewed", "c1", fence: 7);
        w.Reconnect(node: 2);
        w.Change(7, "released", "c1", fence: 7);
        w.Reconnect(node: 1);
        w.Reconnect(node: 0);
        w.Change(8, "granted", "c2", fence: 8);

        Assert.Empty(HistoryChecker.Check([], watchEvents: w.Events).Anomalies);
    }

    [Fact]
    public void A_reset_may_jump_forward_and_the_stream_continues_from_it()
    {
        var w = new WatchStreamBuilder("w0");
        w.Reset(0, "start");
        w.Change(1, "granted", "c1", fence: 1);
        w.Reconnect(node: 1);
        w.Reset(20);
        w.Change(21, "expired", "c3", fence: 9);
        w.Reset(40);
        w.Reset(41);

        Assert.Empty(WatchGaps.Check(w.Events));
    }

    [Fact]
    public void An_id_skipped_without_a_reset_after_a_reconnection_is_a_watch_gap()
    {
        var w = new WatchStreamBuilder("w0");
        w.Reset(4, "start");
        w.Change(5, "granted", "c1", fence: 7);
        var last = w.Change(6, "renewed", "c1", fence: 7);
        w.Reconnect(node: 1);
        var skipped = w.Change(8, "granted", "c2", fence: 8);

        var anomaly = Assert.Single(WatchGaps.Check(w.Events));

        Assert.Equal(AnomalyKind.WatchGap, anomaly.Kind);
        Assert.Equal([last, skipped], anomaly.WatchEvents);
        Assert.Contains("skipped silently", anomaly.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void A_change_told_again_after_resuming_with_its_id_is_a_watch_gap()
    {
        // Resuming with Last-Event-ID 6 means "after 6": a correct service sends 7 next, never 6 again.
        var w = new WatchStreamBuilder("w0");
        w.Reset(5, "start");
        w.Change(6, "granted", "c1", fence: 7);
        w.Reconnect(node: 2);
        w.Change(6, "granted", "c1", fence: 7);

        Assert.Equal(AnomalyKind.WatchGap, Assert.Single(WatchGaps.Check(w.Events)).Kind);
    }

    [Fact]
    public void A_reset_back_to_an_id_already_passed_is_a_watch_gap()
    {
        var w = new WatchStreamBuilder("w0");
        w.Reset(5, "start");
        w.Change(6, "granted", "c1", fence: 7);
        w.Reconnect(node: 1);
        w.Reset(4);

        Assert.Contains("back to id 4", Assert.Single(WatchGaps.Check(w.Events)).Description, StringComparison.Ordinal);
    }

    [Fact]
    public void A_change_that_does_not_continue_from_a_reset_is_a_watch_gap()
    {
        var w = new WatchStreamBuilder("o0", "r.obj", objectWatch: true);
        w.Reset(9, "start");
        w.Change(11, "written", null, fence: 3);

        Assert.Equal(AnomalyKind.WatchGap, Assert.Single(WatchGaps.Check(w.Events)).Kind);
    }

    [Fact]
    public void Each_watcher_is_judged_on_its_own_streams()
    {
        var w0 = new WatchStreamBuilder("w0");
        w0.Reset(5, "start");
        w0.Change(6, "granted", "c1", fence: 7);
        var w1 = new WatchStreamBuilder("w1");
        w1.Reset(2, "start");
        w1.Change(3, "released", "c0", fence: 6);

        Assert.Empty(WatchGaps.Check([.. w0.Events, .. w1.Events]));
    }

    [Fact]
    public void The_same_change_seen_by_two_watchers_through_different_nodes_is_no_anomaly_and_a_reset_is_not_compared()
    {
        var w0 = new WatchStreamBuilder("w0");
        w0.Change(6, "expired", "c1", fence: 7);
        var w1 = new WatchStreamBuilder("w1");
        w1.Reconnect(node: 2);
        w1.Change(6, "expired", "c1", fence: 7);
        var w2 = new WatchStreamBuilder("w2");
        w2.Reset(6);

        Assert.Empty(WatchAgreement.Check([.. w0.Events, .. w1.Events, .. w2.Events]));
    }

    [Fact]
    public void One_id_told_as_two_different_changes_is_reported_with_both()
    {
        // A cut-off silo's stale activation numbering its own change with an id the majority used.
        var w0 = new WatchStreamBuilder("w0");
        var majority = w0.Change(3, "lost", "alice", fence: 1);
        var w1 = new WatchStreamBuilder("w1");
        w1.Reconnect(node: 2);
        var stale = w1.Change(3, "renewed", "alice", fence: 1);

        var anomaly = Assert.Single(WatchAgreement.Check([.. w0.Events, .. w1.Events]));

        Assert.Equal(AnomalyKind.WatchEventsDisagree, anomaly.Kind);
        Assert.Equal([majority, stale], anomaly.WatchEvents);
    }

    [Fact]
    public void One_object_version_told_with_two_fences_is_reported_and_other_targets_do_not_mix()
    {
        var o0 = new WatchStreamBuilder("o0", "r.obj", objectWatch: true);
        o0.Change(4, "written", null, fence: 3);
        var o1 = new WatchStreamBuilder("o1", "r.obj", objectWatch: true);
        o1.Change(4, "written", null, fence: 2);
        var other = new WatchStreamBuilder("o2", "s.obj", objectWatch: true);
        other.Change(4, "deleted", null, fence: 9);

        Assert.Equal(AnomalyKind.WatchEventsDisagree, Assert.Single(WatchAgreement.Check([.. o0.Events, .. o1.Events, .. other.Events])).Kind);
    }

    [Fact]
    public void A_watched_grant_of_the_holder_the_fence_was_granted_to_is_no_anomaly_and_unknown_grants_are_no_evidence()
    {
        var h = new HistoryBuilder();
        h.Acquire("c1", "r", fence: 7, "lease-a", 0, 10);
        h.Acquire("c2", "r", fence: 7, "lease-b", 0, 10, outcome: OperationOutcome.Unknown);
        var w = new WatchStreamBuilder("w0");
        w.Change(1, "granted", "c1", fence: 7);
        w.Change(2, "released", "c1", fence: 7);
        // Fence 8 has no acknowledged grant: its watch events prove only that someone held it.
        w.Change(3, "granted", "c9", fence: 8);

        Assert.Empty(FenceUniqueness.CheckWatched(h.Operations, w.Events));
    }

    [Fact]
    public void A_watched_grant_naming_another_holder_than_the_acknowledged_one_contradicts_the_history()
    {
        var h = new HistoryBuilder();
        var acquire = h.Acquire("c1", "r", fence: 7, "lease-a", 0, 10);
        var w = new WatchStreamBuilder("w0");
        var told = w.Change(1, "granted", "c2", fence: 7);

        var anomaly = Assert.Single(HistoryChecker.Check(h.Operations, watchEvents: w.Events).Anomalies);

        Assert.Equal(AnomalyKind.WatchContradictsHistory, anomaly.Kind);
        Assert.Equal([acquire], anomaly.Operations);
        Assert.Equal([told], anomaly.WatchEvents);
    }

    [Fact]
    public void Shared_holds_may_be_told_of_any_reader_of_the_epoch_but_an_exclusive_one_at_its_fence_contradicts_the_history()
    {
        var h = new HistoryBuilder();
        h.Acquire("c1", "r", fence: 5, "a", 0, 10, shared: true);
        h.Acquire("c3", "r", fence: 6, "c", 500, 510);
        var legal = new WatchStreamBuilder("w0");
        legal.Change(1, "granted", "c1", fence: 5, shared: true);
        legal.Change(2, "granted", "c2", fence: 5, shared: true);
        legal.Change(3, "released", "c2", fence: 5, shared: true);
        Assert.Empty(FenceUniqueness.CheckWatched(h.Operations, legal.Events));

        var exclusiveInEpoch = new WatchStreamBuilder("w1");
        exclusiveInEpoch.Change(1, "granted", "c2", fence: 5);
        var sharedAtExclusive = new WatchStreamBuilder("w2");
        sharedAtExclusive.Change(4, "granted", "c3", fence: 6, shared: true);

        var anomalies = FenceUniqueness.CheckWatched(h.Operations, [.. exclusiveInEpoch.Events, .. sharedAtExclusive.Events]).ToList();

        Assert.Equal(2, anomalies.Count);
        Assert.All(anomalies, a => Assert.Equal(AnomalyKind.WatchContradictsHistory, a.Kind));
    }
}
