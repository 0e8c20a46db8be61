using Leasehold.Storage.Tests.Providers;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using OrleansGrainStorage = Orleans.Storage.IGrainStorage;

namespace Leasehold.Storage.Tests.Contracts;

/// <summary>
/// Orleans grain storage on our databases: state written with Orleans' serializer, every write and clear a
/// compare-and-swap on the ETag, a stale ETag an <see cref="InconsistentStateException"/> that changes nothing, and
/// nothing acknowledged before it is durable.
/// </summary>
public abstract class OrleansGrainStorageContract : ProviderContract
{
    private const string StateName = "lease";
    private static readonly GrainId Grain = GrainId.Create("lease", "printer-1");
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private OrleansGrainStorage Storage { get; set; } = null!;

    protected override Task OnOpenedAsync()
    {
        Storage = Provider.OrleansGrainStorage("leases");
        return Task.CompletedTask;
    }

    [ProviderFact]
    public async Task Reading_state_never_written_finds_no_record_no_etag_and_a_fresh_state()
    {
        var state = new GrainState<LeaseState>();

        await Storage.ReadStateAsync(StateName, Grain, state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.NotNull(state.State);
        Assert.Equal(0, state.State!.Fence);
    }

    [ProviderFact]
    public async Task A_written_state_reads_back_equal_with_the_etag_the_write_returned()
    {
        var written = new GrainState<LeaseState>(new LeaseState(7, "alice", T0.AddSeconds(30)));

        await Storage.WriteStateAsync(StateName, Grain, written);

        Assert.True(written.RecordExists);
        Assert.NotNull(written.ETag);
        var read = await ReadAsync(Storage);
        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal(new LeaseState(7, "alice", T0.AddSeconds(30)), read.State);
    }

    [ProviderFact]
    public async Task Each_write_at_the_current_etag_replaces_the_state_and_moves_the_etag()
    {
        var state = new GrainState<LeaseState>(new LeaseState(1, "alice", T0));
        await Storage.WriteStateAsync(StateName, Grain, state);
        var etags = new List<string> { state.ETag! };

        for (var fence = 2; fence <= 5; fence++)
        {
            state.State = state.State! with { Fence = fence };
            await Storage.WriteStateAsync(StateName, Grain, state);
            etags.Add(state.ETag!);
        }

        Assert.Equal(etags.Count, etags.Distinct().Count());
        var read = await ReadAsync(Storage);
        Assert.Equal((5L, etags[^1]), (read.State!.Fence, read.ETag));
    }

    [ProviderFact]
    public async Task A_write_with_a_stale_etag_throws_inconsistent_state_and_changes_nothing()
    {
        var state = new GrainState<LeaseState>(new LeaseState(1, "alice", T0));
        await Storage.WriteStateAsync(StateName, Grain, state);
        var stale = state.ETag;
        state.State = new LeaseState(2, "bob", T0);
        await Storage.WriteStateAsync(StateName, Grain, state);

        var late = new GrainState<LeaseState>(new LeaseState(2, "mallory", T0), stale);
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, Grain, late));
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, Grain, new GrainState<LeaseState>(new LeaseState(9, "x", T0), "not-an-etag")));

        var read = await ReadAsync(Storage);
        Assert.Equal((new LeaseState(2, "bob", T0), state.ETag), (read.State, read.ETag));
    }

    [ProviderFact]
    public async Task A_write_with_no_etag_over_an_existing_state_throws_and_changes_nothing()
    {
        await Storage.WriteStateAsync(StateName, Grain, new GrainState<LeaseState>(new LeaseState(1, "alice", T0)));

        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            Storage.WriteStateAsync(StateName, Grain, new GrainState<LeaseState>(new LeaseState(1, "bob", T0))));

        Assert.Equal("alice", (await ReadAsync(Storage)).State!.Holder);
    }

    [ProviderFact]
    public async Task A_write_with_an_etag_to_a_state_never_written_throws_and_creates_nothing()
    {
        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            Storage.WriteStateAsync(StateName, Grain, new GrainState<LeaseState>(new LeaseState(1, "alice", T0), "1")));

        var read = await ReadAsync(Storage);
        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
    }

    [ProviderFact]
    public async Task A_write_with_a_malformed_etag_throws_and_changes_nothing()
    {
        var state = new GrainState<LeaseState>(new LeaseState(1, "alice", T0));
        await Storage.WriteStateAsync(StateName, Grain, state);

        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            Storage.WriteStateAsync(StateName, Grain, new GrainState<LeaseState>(new LeaseState(2, "bob", T0), "not-an-etag")));

        var read = await ReadAsync(Storage);
        Assert.Equal((new LeaseState(1, "alice", T0), state.ETag), (read.State, read.ETag));
    }

    [ProviderFact]
    public async Task Of_two_writers_racing_from_one_etag_in_two_processes_exactly_one_wins_each_round()
    {
        // Two activations of one grain on two silos (a membership disagreement), each with its own writer.
        await using var other = await Provider.OpenAnotherAsync();
        var otherStorage = other.OrleansGrainStorage("leases");
        var state = new GrainState<LeaseState>(new LeaseState(0, null, T0));
        await Storage.WriteStateAsync(StateName, Grain, state);

        for (var round = 1; round <= 20; round++)
        {
            var etag = state.ETag;
            var mine = new GrainState<LeaseState>(new LeaseState(round, "here", T0), etag);
            var theirs = new GrainState<LeaseState>(new LeaseState(round, "there", T0), etag);

            var outcomes = await Task.WhenAll(Outcome(Storage.WriteStateAsync(StateName, Grain, mine)), Outcome(otherStorage.WriteStateAsync(StateName, Grain, theirs)));

            Assert.Single(outcomes, won => won);
            var winner = outcomes[0] ? mine : theirs;
            var read = await ReadAsync(Storage);
            Assert.Equal((winner.State, winner.ETag), (read.State, read.ETag));
            state = winner;
        }
    }

    [ProviderFact]
    public async Task Clear_at_the_current_etag_removes_the_record_and_a_pre_clear_etag_never_matches_again()
    {
        var state = new GrainState<LeaseState>(new LeaseState(3, "alice", T0));
        await Storage.WriteStateAsync(StateName, Grain, state);
        var beforeClear = state.ETag;

        await Storage.ClearStateAsync(StateName, Grain, state);

        Assert.False(state.RecordExists);
        var read = await ReadAsync(Storage);
        Assert.False(read.RecordExists);
        Assert.Equal(state.ETag, read.ETag);
        Assert.Equal(0, read.State!.Fence);

        // A writer that read before the clear is refused, also after the state was written again.
        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            Storage.WriteStateAsync(StateName, Grain, new GrainState<LeaseState>(new LeaseState(4, "late", T0), beforeClear)));
        read.State = new LeaseState(4, "bob", T0);
        await Storage.WriteStateAsync(StateName, Grain, read);
        Assert.NotEqual(beforeClear, read.ETag);
        Assert.Equal("bob", (await ReadAsync(Storage)).State!.Holder);
    }

    [ProviderFact]
    public async Task Clear_with_a_stale_etag_throws_and_keeps_the_state()
    {
        var state = new GrainState<LeaseState>(new LeaseState(1, "alice", T0));
        await Storage.WriteStateAsync(StateName, Grain, state);
        var stale = state.ETag;
        await Storage.WriteStateAsync(StateName, Grain, state);

        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            Storage.ClearStateAsync(StateName, Grain, new GrainState<LeaseState>(state.State, stale)));

        var read = await ReadAsync(Storage);
        Assert.True(read.RecordExists);
        Assert.Equal(state.ETag, read.ETag);
    }

    [ProviderFact]
    public async Task States_of_different_grains_and_state_names_are_independent()
    {
        var otherGrain = GrainId.Create("lease", "printer-2");
        await Storage.WriteStateAsync(StateName, Grain, new GrainState<LeaseState>(new LeaseState(1, "a", T0)));
        await Storage.WriteStateAsync(StateName, otherGrain, new GrainState<LeaseState>(new LeaseState(2, "b", T0)));
        await Storage.WriteStateAsync("other-state", Grain, new GrainState<LeaseState>(new LeaseState(3, "c", T0)));

        Assert.Equal(1, (await ReadAsync(Storage)).State!.Fence);
        var second = new GrainState<LeaseState>();
        await Storage.ReadStateAsync(StateName, otherGrain, second);
        var third = new GrainState<LeaseState>();
        await Storage.ReadStateAsync("other-state", Grain, third);
        Assert.Equal((2L, 3L), (second.State!.Fence, third.State!.Fence));
    }

    [ProviderFact]
    public async Task Acknowledged_writes_are_read_by_another_writer_while_the_first_still_runs_and_after_the_database_is_reopened()
    {
        var states = new List<GrainState<LeaseState>>();
        await using (var first = await Provider.OpenAnotherAsync())
        {
            var storage = first.OrleansGrainStorage("leases");
            states.AddRange(Enumerable.Range(1, 30).Select(i => new GrainState<LeaseState>(new LeaseState(i, $"holder-{i}", T0))));
            await Task.WhenAll(states.Select((state, i) => storage.WriteStateAsync(StateName, GrainId.Create("lease", $"r-{i}"), state)));

            // Acknowledged means committed: another writer on the database sees it while the first has neither closed nor flushed.
            await using var beside = await Provider.OpenAnotherAsync();
            await AssertAllAsync(beside.OrleansGrainStorage("leases"));
        }

        await using var reopened = await Provider.OpenAnotherAsync();
        await AssertAllAsync(reopened.OrleansGrainStorage("leases"));

        async Task AssertAllAsync(OrleansGrainStorage storage)
        {
            for (var i = 0; i < states.Count; i++)
            {
                var read = new GrainState<LeaseState>();
                await storage.ReadStateAsync(StateName, GrainId.Create("lease", $"r-{i}"), read);
                Assert.Equal((states[i].State, states[i].ETag), (read.State, read.ETag));
            }
        }
    }

    private static async Task<GrainState<LeaseState>> ReadAsync(OrleansGrainStorage storage)
    {
        var state = new GrainState<LeaseState>();
        await storage.ReadStateAsync(StateName, Grain, state);
        return state;
    }

    private static async Task<bool> Outcome(Task write)
    {
        try
        {
            await write.WaitAsync(Timeout);
            return true;
        }
        catch (InconsistentStateException)
        {
            return false;
        }
    }
}
