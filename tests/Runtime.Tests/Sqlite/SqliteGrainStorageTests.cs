using Leasehold.Storage.Sqlite;
using Leasehold.Runtime.Storage;
using Leasehold.Runtime.Tests.TestGrains;
using Leasehold.Testing;

namespace Leasehold.Runtime.Tests.Sqlite;

public sealed class SqliteGrainStorageTests : IAsyncLifetime
{
    private static readonly GrainId Grain = new("Tests.ICounterGrain", "counter");
    private readonly TempDatabase _file = new();
    private SqliteDatabase _database = null!;
    private SqliteGrainStorage _storage = null!;

    public async Task InitializeAsync()
    {
        _database = await SqliteTestDatabase.OpenAsync(_file);
        _storage = new SqliteGrainStorage(_database);
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        _file.Dispose();
    }

    [Fact]
    public async Task A_write_with_no_etag_creates_the_state()
    {
        var etag = await WriteAsync(1, etag: null);

        var stored = await ReadAsync();
        Assert.Equal(new StoredState<StoredCounter>(new StoredCounter(1), etag), stored);
    }

    [Fact]
    public async Task A_second_write_with_no_etag_is_refused_and_changes_nothing()
    {
        var etag = await WriteAsync(1, etag: null);

        await Assert.ThrowsAsync<InconsistentStateException>(() => WriteAsync(2, etag: null));

        Assert.Equal(new StoredState<StoredCounter>(new StoredCounter(1), etag), await ReadAsync());
    }

    [Fact]
    public async Task A_write_with_the_current_etag_replaces_the_state_and_moves_the_etag()
    {
        var first = await WriteAsync(1, etag: null);

        var second = await WriteAsync(2, first);

        Assert.NotEqual(first, second);
        Assert.Equal(new StoredState<StoredCounter>(new StoredCounter(2), second), await ReadAsync());
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_is_refused_and_changes_nothing()
    {
        var stale = await WriteAsync(1, etag: null);
        var current = await WriteAsync(2, stale);

        var refused = await Assert.ThrowsAsync<InconsistentStateException>(() => WriteAsync(3, stale));

        Assert.Equal(Grain, refused.GrainId);
        Assert.Equal(new StoredState<StoredCounter>(new StoredCounter(2), current), await ReadAsync());
    }

    [Fact]
    public async Task A_write_with_an_etag_to_a_grain_that_has_no_state_is_refused()
    {
        await Assert.ThrowsAsync<InconsistentStateException>(() => WriteAsync(1, etag: "1"));

        Assert.Null(await ReadAsync());
    }

    [Fact]
    public async Task A_write_with_a_malformed_etag_is_refused()
    {
        await WriteAsync(1, etag: null);

        await Assert.ThrowsAsync<InconsistentStateException>(() => WriteAsync(2, etag: "not-an-etag"));

        Assert.Equal(new StoredCounter(1), (await ReadAsync())!.State);
    }

    [Fact]
    public async Task Clear_with_a_stale_etag_is_refused_and_keeps_the_state()
    {
        var stale = await WriteAsync(1, etag: null);
        var current = await WriteAsync(2, stale);

        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.ClearAsync(Grain, stale, CancellationToken.None));

        Assert.Equal(new StoredState<StoredCounter>(new StoredCounter(2), current), await ReadAsync());
    }

    [Fact]
    public async Task Clear_with_the_current_etag_deletes_the_state_so_it_can_be_created_again()
    {
        var etag = await WriteAsync(1, etag: null);

        await _storage.ClearAsync(Grain, etag, CancellationToken.None);

        Assert.Null(await ReadAsync());
        await WriteAsync(5, etag: null);
        Assert.Equal(new StoredCounter(5), (await ReadAsync())!.State);
    }

    [Fact]
    public async Task States_of_different_grains_are_independent()
    {
        var other = Grain with { Key = "other" };
        await WriteAsync(1, etag: null);

        await _storage.WriteAsync(other, new StoredCounter(7), null, TestJsonContext.Default.StoredCounter, CancellationToken.None);

        Assert.Equal(new StoredCounter(1), (await ReadAsync())!.State);
        Assert.Equal(new StoredCounter(7), (await _storage.ReadAsync(other, TestJsonContext.Default.StoredCounter, CancellationToken.None))!.State);
    }

    private Task<string> WriteAsync(int value, string? etag) =>
        _storage.WriteAsync(Grain, new StoredCounter(value), etag, TestJsonContext.Default.StoredCounter, CancellationToken.None);

    private Task<StoredState<StoredCounter>?> ReadAsync() =>
        _storage.ReadAsync(Grain, TestJsonContext.Default.StoredCounter, CancellationToken.None);
}
