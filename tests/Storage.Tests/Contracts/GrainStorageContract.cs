using Leasehold.Runtime;
using Leasehold.Runtime.Storage;
using Leasehold.Storage.Tests.Providers;

namespace Leasehold.Storage.Tests.Contracts;

/// <summary>Grain state with ETag compare-and-swap: a stale ETag changes nothing, whoever presents it.</summary>
public abstract class GrainStorageContract : ProviderContract
{
    private static readonly GrainId Grain = new("Tests.ICounterGrain", "counter");

    [ProviderFact]
    public async Task A_write_with_no_etag_creates_the_state()
    {
        var etag = await WriteAsync(1, etag: null);

        Assert.Equal(new StoredState<StoredCounter>(new StoredCounter(1), etag), await ReadAsync());
    }

    [ProviderFact]
    public async Task A_second_write_with_no_etag_is_refused_and_changes_nothing()
    {
        var etag = await WriteAsync(1, etag: null);

        await Assert.ThrowsAsync<InconsistentStateException>(() => WriteAsync(2, etag: null));

        Assert.Equal(new StoredState<StoredCounter>(new StoredCounter(1), etag), await ReadAsync());
    }

    [ProviderFact]
    public async Task A_write_with_the_current_etag_replaces_the_state_and_moves_the_etag()
    {
        var first = await WriteAsync(1, etag: null);

        var second = await WriteAsync(2, first);

        Assert.NotEqual(first, second);
        Assert.Equal(new StoredState<StoredCounter>(new StoredCounter(2), second), await ReadAsync());
    }

    [ProviderFact]
    public async Task A_write_with_a_stale_etag_is_refused_and_changes_nothing()
    {
        var stale = await WriteAsync(1, etag: null);
        var current = await WriteAsync(2, stale);

        var refused = await Assert.ThrowsAsync<InconsistentStateException>(() => WriteAsync(3, stale));

        Assert.Equal(Grain, refused.GrainId);
        Assert.Equal(new StoredState<StoredCounter>(new StoredCounter(2), current), await ReadAsync());
    }

    [ProviderFact]
    public async Task A_write_with_an_etag_to_a_grain_that_has_no_state_is_refused()
    {
        await Assert.ThrowsAsync<InconsistentStateException>(() => WriteAsync(1, etag: "1"));

        Assert.Null(await ReadAsync());
    }

    [ProviderFact]
    public async Task A_write_with_a_malformed_etag_is_refused()
    {
        await WriteAsync(1, etag: null);

        await Assert.ThrowsAsync<InconsistentStateException>(() => WriteAsync(2, etag: "not-an-etag"));

        Assert.Equal(new StoredCounter(1), (await ReadAsync())!.State);
    }

    [ProviderFact]
    public async Task Clear_with_a_stale_etag_is_refused_and_keeps_the_state()
    {
        var stale = await WriteAsync(1, etag: null);
        var current = await WriteAsync(2, stale);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Provider.GrainStorage.ClearAsync(Grain, stale, CancellationToken.None));

        Assert.Equal(new StoredState<StoredCounter>(new StoredCounter(2), current), await ReadAsync());
    }

    [ProviderFact]
    public async Task Clear_with_the_current_etag_deletes_the_state_so_it_can_be_created_again()
    {
        var etag = await WriteAsync(1, etag: null);

        await Provider.GrainStorage.ClearAsync(Grain, etag, CancellationToken.None);

        Assert.Null(await ReadAsync());
        await WriteAsync(5, etag: null);
        Assert.Equal(new StoredCounter(5), (await ReadAsync())!.State);
    }

    [ProviderFact]
    public async Task States_of_different_grains_are_independent()
    {
        var other = Grain with { Key = "other" };
        await WriteAsync(1, etag: null);

        await Provider.GrainStorage.WriteAsync(other, new StoredCounter(7), null, ContractJsonContext.Default.StoredCounter, CancellationToken.None);

        Assert.Equal(new StoredCounter(1), (await ReadAsync())!.State);
        Assert.Equal(new StoredCounter(7), (await Provider.GrainStorage.ReadAsync(other, ContractJsonContext.Default.StoredCounter, CancellationToken.None))!.State);
    }

    [ProviderFact]
    public async Task Of_writers_in_two_processes_racing_from_one_etag_exactly_one_wins_each_round()
    {
        // Two activations of one grain on two silos (a membership disagreement), each with its own writer.
        await using var other = await Provider.OpenAnotherAsync();
        var etag = await WriteAsync(0, etag: null);
        for (var round = 1; round <= 20; round++)
        {
            var read = etag;
            var attempts = await Task.WhenAll(
                Outcome(Provider.GrainStorage.WriteAsync(Grain, new StoredCounter(round), read, ContractJsonContext.Default.StoredCounter, CancellationToken.None)),
                Outcome(other.GrainStorage.WriteAsync(Grain, new StoredCounter(-round), read, ContractJsonContext.Default.StoredCounter, CancellationToken.None)));

            var winners = attempts.Where(a => a.ETag is not null).ToArray();
            Assert.Single(winners);
            Assert.All(attempts.Where(a => a.ETag is null), a => Assert.IsType<InconsistentStateException>(a.Error));
            etag = winners[0].ETag!;
            var stored = await ReadAsync();
            Assert.Equal(etag, stored!.ETag);
            Assert.Equal(attempts[0].ETag is not null ? round : -round, stored.State.Value);
        }
    }

    private static async Task<(string? ETag, Exception? Error)> Outcome(Task<string> write)
    {
        try
        {
            return (await write, null);
        }
        catch (InconsistentStateException ex)
        {
            return (null, ex);
        }
    }

    private Task<string> WriteAsync(int value, string? etag) =>
        Provider.GrainStorage.WriteAsync(Grain, new StoredCounter(value), etag, ContractJsonContext.Default.StoredCounter, CancellationToken.None);

    private Task<StoredState<StoredCounter>?> ReadAsync() =>
        Provider.GrainStorage.ReadAsync(Grain, ContractJsonContext.Default.StoredCounter, CancellationToken.None);
}
