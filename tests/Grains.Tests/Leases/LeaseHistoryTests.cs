using Leasehold.Grains.Leases;

namespace Leasehold.Grains.Tests.Leases;

/// <summary>The bounded history a lease keeps for watchers: consecutive ids, the oldest dropped, a reset when a watcher is behind.</summary>
public sealed class LeaseHistoryTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static LeaseState WithChanges(int count, int bound)
    {
        var state = LeaseState.Initial();
        for (var i = 0; i < count; i++)
        {
            state = state.Record(i % 2 == 0 ? LeaseChangeKind.Granted : LeaseChangeKind.Released, $"holder-{i / 2}", (i / 2) + 1, At, bound);
        }

        return state;
    }

    [Fact]
    public void Each_change_gets_the_next_id_and_the_history_keeps_only_the_latest()
    {
        var state = WithChanges(10, bound: 4);

        Assert.Equal(10, state.Index);
        Assert.Equal([7L, 8, 9, 10], state.History.Select(c => c.Id));
    }

    [Fact]
    public void A_watcher_within_the_history_gets_every_change_after_its_id()
    {
        var state = WithChanges(10, bound: 4);

        Assert.Equal([7L, 8, 9, 10], state.After(6)!.Value.Select(c => c.Id));
        Assert.Equal([10L], state.After(9)!.Value.Select(c => c.Id));
        Assert.Empty(state.After(10)!.Value);
    }

    [Fact]
    public void A_watcher_behind_the_history_or_ahead_of_the_lease_is_told_to_reset()
    {
        var state = WithChanges(10, bound: 4);

        Assert.Null(state.After(5));
        Assert.Null(state.After(0));
        Assert.Null(state.After(11));
    }

    [Fact]
    public void A_lease_stored_before_watches_existed_has_an_empty_history_from_which_a_watcher_at_zero_starts()
    {
        var stored = new LeaseState(3, "id", "holder", TimeSpan.FromSeconds(1), At);

        Assert.Empty(stored.After(0)!.Value);
        var next = stored.Record(LeaseChangeKind.Renewed, "holder", 3, At, bound: 4);
        Assert.Equal((1L, LeaseChangeKind.Renewed), (next.History.Single().Id, next.History.Single().Kind));
        Assert.Equal(At, next.History.Single().ExpiresAtUtc);
    }
}
