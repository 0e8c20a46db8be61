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

    private Serializer<LeaseChange> ChangeSerializer => _services.GetRequiredService<Serializer<LeaseChange>>();

    private RetainedChanges Retaining(int bound) => new(ChangeSerializer, bound);

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
        Assert.Equal(4, retained.Of(state).Length);
        Assert.True(state.Changes.IsDefault, "the changes are kept in one change log, not an array each");
        Assert.Equal([7L, 8, 9, 10], retained.Of(state).Select(c => c.Id));
        Assert.Equal(["holder-3", "holder-4", "holder-4"], retained.Of(state).Skip(1).Select(c => c.Holder));
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
        var change = Assert.Single(retained.Of(next));
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
        Assert.Equal(expected, retained.Of(next).ToArray());
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
        var stored = new LeaseState(3, "id", "bob", TimeSpan.FromSeconds(10), At.AddSeconds(12), Index: 7, Changes: [.. records.Select(ChangeSerializer.SerializeToArray)]);

        Assert.Equal(records[1..], stored.After(retained, 5)!.Value.ToArray());

        var next = stored.Record(retained, LeaseChangeKind.Renewed, "bob", 3, At.AddSeconds(3));
        Assert.True(next.Changes.IsDefault, "the arrays are not written again");
        LeaseChange[] expected = [records[1], records[2], new LeaseChange(8, LeaseChangeKind.Renewed, "bob", 3, At.AddSeconds(3), At.AddSeconds(12))];
        Assert.Equal(expected, retained.Of(next).ToArray());
        Assert.Null(next.After(retained, 4));
    }

    [Fact]
    public void A_lease_stored_with_its_changes_serialized_into_one_array_serves_them_and_moves_them_to_the_compact_log_with_its_next_change()
    {
        var retained = Retaining(3);
        var records = new LeaseChange[]
        {
            new(5, LeaseChangeKind.Granted, "alice", 2, At, At.AddSeconds(10)),
            new(6, LeaseChangeKind.Released, "alice", 2, At.AddSeconds(1), null),
            new(7, LeaseChangeKind.Granted, "bob", 3, At.AddSeconds(2), At.AddSeconds(12), LeaseMode.Shared),
        };
        // As the version before wrote it: each change a 4-byte little-endian length and its bytes.
        var serialized = records.SelectMany(record =>
        {
            var bytes = ChangeSerializer.SerializeToArray(record);
            return BitConverter.GetBytes(bytes.Length).Concat(bytes);
        }).ToArray();
        var stored = new LeaseState(3, "id", "bob", TimeSpan.FromSeconds(10), At.AddSeconds(12), Index: 7, SerializedChanges: serialized);

        Assert.Equal(records, stored.After(retained, 4)!.Value.ToArray());

        var next = stored.Record(retained, LeaseChangeKind.Renewed, "bob", 3, At.AddSeconds(3));
        Assert.Null(next.SerializedChanges);
        Assert.NotNull(next.ChangeLog);
        LeaseChange[] expected = [records[1], records[2], new LeaseChange(8, LeaseChangeKind.Renewed, "bob", 3, At.AddSeconds(3), At.AddSeconds(12))];
        Assert.Equal(expected, retained.Of(next).ToArray());
        Assert.Equal(expected, Retaining(3).Of(next).ToArray());
    }

    [Fact]
    public void A_change_log_cut_short_padded_or_of_another_format_is_refused_rather_than_misread()
    {
        var retained = Retaining(4);
        var state = WithChanges(3, retained);
        var log = state.ChangeLog!;

        for (var cut = 1; cut < log.Length; cut++)
        {
            Assert.Throws<InvalidDataException>(() => Retaining(4).Of(state with { ChangeLog = log[..^cut] }));
        }

        Assert.Throws<InvalidDataException>(() => Retaining(4).Of(state with { ChangeLog = [.. log, 0] }));
        Assert.Throws<InvalidDataException>(() => Retaining(4).Of(state with { ChangeLog = [2, .. log[1..]] }));
        Assert.Throws<InvalidDataException>(() => Retaining(4).Of(state with { ChangeLog = [] }));
        Assert.Throws<InvalidDataException>(() => Retaining(4).Of(state with { ChangeLog = [1, 1, 7, 0, 0, 0] }));
    }

    [Fact]
    public void Sixteen_changes_of_a_lease_taken_and_released_over_and_over_take_a_few_bytes_each()
    {
        var retained = Retaining(16);
        var state = new LeaseState(0, null, null, TimeSpan.Zero, null);
        for (var cycle = 0; cycle < 20; cycle++)
        {
            var at = At.AddMilliseconds(cycle * 3);
            state = (state with { Fence = state.Fence + 1, ExpiresAtUtc = at.AddSeconds(30) })
                .Record(retained, LeaseChangeKind.Granted, "bench-7f3a9c-12", state.Fence + 1, at)
                .Record(retained, LeaseChangeKind.Released, "bench-7f3a9c-12", state.Fence + 1, at.AddMilliseconds(1));
        }

        Assert.Equal(16, retained.Of(state).Length);
        // Orleans' codec wrote about 70 bytes per change; the log is the lease row's bulk, rewritten with every change.
        Assert.InRange(state.ChangeLog!.Length, 16, 16 * 8 + 20);
    }

    [Fact]
    public void A_wall_clock_stepping_back_and_times_with_offsets_come_back_exactly()
    {
        var retained = Retaining(8);
        var plusTwo = TimeSpan.FromHours(2);
        var state = new LeaseState(0, null, null, TimeSpan.Zero, null) with { ExpiresAtUtc = new DateTimeOffset(2026, 1, 1, 14, 0, 30, plusTwo) };
        state = state.Record(retained, LeaseChangeKind.Granted, "ünïcode/holder", 1, new DateTimeOffset(2026, 1, 1, 14, 0, 0, plusTwo).AddTicks(7));
        state = state.Record(retained, LeaseChangeKind.Renewed, "ünïcode/holder", 1, At.AddDays(-400), LeaseMode.Shared, DateTimeOffset.MaxValue);
        state = state.Record(retained, LeaseChangeKind.Lost, "x", 1, DateTimeOffset.MinValue);
        var expected = retained.Of(state).ToArray();

        var read = Retaining(8).Of(state).ToArray();

        Assert.Equal(expected, read);
        Assert.Equal([plusTwo, TimeSpan.Zero, TimeSpan.Zero], read.Select(c => c.AtUtc.Offset));
        Assert.Equal(plusTwo, read[0].ExpiresAtUtc!.Value.Offset);
        Assert.Equal((LeaseMode.Shared, DateTimeOffset.MaxValue), (read[1].Mode, read[1].ExpiresAtUtc!.Value));
    }

    [Fact]
    public void The_retained_changes_survive_the_state_being_written_and_read_back()
    {
        var retained = Retaining(4);
        var state = WithChanges(6, retained);
        var serializer = _services.GetRequiredService<Serializer>();

        var read = serializer.Deserialize<LeaseState>(serializer.SerializeToArray(state))!;

        Assert.Equal(state.Index, read.Index);
        Assert.Equal(retained.Of(state).ToArray(), retained.Of(read).ToArray());
        Assert.Equal([3L, 4, 5, 6], retained.Of(read).Select(c => c.Id));
    }
}
