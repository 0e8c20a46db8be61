using Leasehold.Grains.Leases;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Leasehold.Grains.Tests.Leases;

/// <summary>The bounded history a lease keeps for watchers: consecutive ids, the oldest dropped, a reset when a watcher is behind.</summary>
public sealed class LeaseHistoryTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services =
        new ServiceCollection().AddSerializer(builder => builder.AddAssembly(typeof(LeaseState).Assembly)).BuildServiceProvider();

    public void Dispose() => _services.Dispose();

    private RetainedChanges Retaining(int bound) => new(_services.GetRequiredService<Serializer<LeaseChange>>(), bound);

    private static LeaseState WithChanges(int count, RetainedChanges retained)
    {
        var state = LeaseState.Initial();
        for (var i = 0; i < count; i++)
        {
            state = state.Record(retained, i % 2 == 0 ? LeaseChangeKind.Granted : LeaseChangeKind.Released, $"holder-{i / 2}", (i / 2) + 1, At);
        }

        return state;
    }

    [Fact]
    public void Each_change_gets_the_next_id_and_the_history_keeps_only_the_latest()
    {
        var retained = Retaining(4);
        var state = WithChanges(10, retained);

        Assert.Equal(10, state.Index);
        Assert.Equal(4, state.Retained(retained).Length);
        Assert.True(state.Changes.IsDefault, "the changes are kept in one change log, not an array each");
        Assert.Equal([7L, 8, 9, 10], state.Retained(retained).Select(c => c.Id));
        Assert.Equal(["holder-3", "holder-4", "holder-4"], state.Retained(retained).Skip(1).Select(c => c.Holder));
    }

    [Fact]
    public void A_watcher_within_the_history_gets_every_change_after_its_id()
    {
        var retained = Retaining(4);
        var state = WithChanges(10, retained);

        Assert.Equal([7L, 8, 9, 10], state.After(retained, 6)!.Value.Select(c => c.Id));
        Assert.Equal([10L], state.After(retained, 9)!.Value.Select(c => c.Id));
        Assert.Equal((LeaseChangeKind.Released, "holder-4", 5L), (state.After(retained, 9)!.Value[0].Kind, state.After(retained, 9)!.Value[0].Holder, state.After(retained, 9)!.Value[0].Fence));
        Assert.Empty(state.After(retained, 10)!.Value);
    }

    [Fact]
    public void A_watcher_behind_the_history_or_ahead_of_the_lease_is_told_to_reset()
    {
        var retained = Retaining(4);
        var state = WithChanges(10, retained);

        Assert.Null(state.After(retained, 5));
        Assert.Null(state.After(retained, 0));
        Assert.Null(state.After(retained, 11));
    }

    [Fact]
    public void A_lease_stored_before_watches_existed_has_an_empty_history_from_which_a_watcher_at_zero_starts()
    {
        var retained = Retaining(4);
        var stored = new LeaseState(3, "id", "holder", TimeSpan.FromSeconds(1), At);

        Assert.Empty(stored.After(retained, 0)!.Value);
        var next = stored.Record(retained, LeaseChangeKind.Renewed, "holder", 3, At);
        var change = Assert.Single(next.Retained(retained));
        Assert.Equal((1L, LeaseChangeKind.Renewed), (change.Id, change.Kind));
        Assert.Equal(At, change.ExpiresAtUtc);
    }

    [Fact]
    public void A_lease_stored_with_its_changes_as_records_serves_them_and_moves_them_to_the_change_log_with_its_next_change()
    {
        var retained = Retaining(4);
        var records = new LeaseChange[]
        {
            new(5, LeaseChangeKind.Granted, "alice", 2, At, At.AddSeconds(10)),
            new(6, LeaseChangeKind.Released, "alice", 2, At.AddSeconds(1), null),
            new(7, LeaseChangeKind.Granted, "bob", 3, At.AddSeconds(2), At.AddSeconds(12)),
        };
        var stored = new LeaseState(3, "id", "bob", TimeSpan.FromSeconds(10), At.AddSeconds(12), Index: 7, History: [.. records]);

        Assert.Equal(records, stored.After(retained, 4)!.Value.ToArray());
        Assert.Equal(records[1..], stored.After(retained, 5)!.Value.ToArray());
        Assert.Null(stored.After(retained, 3));

        var next = stored.Record(retained, LeaseChangeKind.Renewed, "bob", 3, At.AddSeconds(3));
        Assert.True(next.History.IsDefault, "the records are not written again");
        Assert.NotNull(next.ChangeLog);
        LeaseChange[] expected = [.. records, new LeaseChange(8, LeaseChangeKind.Renewed, "bob", 3, At.AddSeconds(3), At.AddSeconds(12))];
        Assert.Equal(expected, next.Retained(retained).ToArray());
        Assert.Equal([6L, 7, 8], next.After(retained, 5)!.Value.Select(c => c.Id));
    }

    [Fact]
    public void A_lease_stored_with_an_array_per_change_serves_them_and_moves_them_to_the_change_log_with_its_next_change()
    {
        var retained = Retaining(3);
        var records = new LeaseChange[]
        {
            new(5, LeaseChangeKind.Granted, "alice", 2, At, At.AddSeconds(10)),
            new(6, LeaseChangeKind.Released, "alice", 2, At.AddSeconds(1), null),
            new(7, LeaseChangeKind.Granted, "bob", 3, At.AddSeconds(2), At.AddSeconds(12)),
        };
        var stored = new LeaseState(3, "id", "bob", TimeSpan.FromSeconds(10), At.AddSeconds(12), Index: 7, Changes: [.. records.Select(retained.Encode)]);

        Assert.Equal(records[1..], stored.After(retained, 5)!.Value.ToArray());

        var next = stored.Record(retained, LeaseChangeKind.Renewed, "bob", 3, At.AddSeconds(3));
        Assert.True(next.Changes.IsDefault, "the arrays are not written again");
        LeaseChange[] expected = [records[1], records[2], new LeaseChange(8, LeaseChangeKind.Renewed, "bob", 3, At.AddSeconds(3), At.AddSeconds(12))];
        Assert.Equal(expected, next.Retained(retained).ToArray());
        Assert.Null(next.After(retained, 4));
    }

    [Fact]
    public void A_change_log_cut_inside_an_entry_is_refused_rather_than_misread()
    {
        var retained = Retaining(4);
        var state = WithChanges(3, retained);
        var cut = state with { ChangeLog = state.ChangeLog![..^3] };

        Assert.Throws<InvalidDataException>(() => cut.Retained(retained));
        Assert.Throws<InvalidDataException>(() => (state with { ChangeLog = [1, 0] }).Retained(retained));
    }

    [Fact]
    public void The_retained_changes_survive_the_state_being_written_and_read_back()
    {
        var retained = Retaining(4);
        var state = WithChanges(6, retained);
        var serializer = _services.GetRequiredService<Serializer>();

        var read = serializer.Deserialize<LeaseState>(serializer.SerializeToArray(state))!;

        Assert.Equal(state.Index, read.Index);
        Assert.Equal(state.Retained(retained).ToArray(), read.Retained(retained).ToArray());
        Assert.Equal([3L, 4, 5, 6], read.Retained(retained).Select(c => c.Id));
    }
}
