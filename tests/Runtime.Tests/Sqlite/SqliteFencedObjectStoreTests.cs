using System.Text;
using Leasehold.Storage.Sqlite;
using Leasehold.Storage;
using Leasehold.Testing;

namespace Leasehold.Runtime.Tests.Sqlite;

public sealed class SqliteFencedObjectStoreTests : IAsyncLifetime
{
    private readonly TempDatabase _file = new();
    private SqliteDatabase _database = null!;
    private SqliteFencedObjectStore _store = null!;

    public async Task InitializeAsync()
    {
        _database = await SqliteTestDatabase.OpenAsync(_file);
        _store = new SqliteFencedObjectStore(_database);
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        _file.Dispose();
    }

    [Fact]
    public async Task The_first_write_to_a_key_is_accepted_and_binds_it_to_the_resource()
    {
        var result = await WriteAsync("config", "lock-a", 3, "v1");

        Assert.Equal(new FencedWriteResult(FencedWriteOutcome.Accepted, 1, 3, "lock-a"), result);
        var stored = await _store.ReadAsync("config", CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal(("lock-a", 3L, 1L, "v1", "text/plain"), (stored.Resource, stored.Fence, stored.Version, Encoding.UTF8.GetString(stored.Value), stored.ContentType));
    }

    [Fact]
    public async Task A_write_with_a_fence_equal_to_or_above_the_highest_is_accepted()
    {
        await WriteAsync("config", "lock-a", 5, "v1");

        var equal = await WriteAsync("config", "lock-a", 5, "v2");
        var higher = await WriteAsync("config", "lock-a", 9, "v3");

        Assert.Equal(new FencedWriteResult(FencedWriteOutcome.Accepted, 2, 5, "lock-a"), equal);
        Assert.Equal(new FencedWriteResult(FencedWriteOutcome.Accepted, 3, 9, "lock-a"), higher);
        Assert.Equal("v3", await ReadValueAsync("config"));
    }

    [Fact]
    public async Task A_write_with_a_lower_fence_is_rejected_as_stale_and_leaves_the_object_unchanged()
    {
        await WriteAsync("config", "lock-a", 7, "newer");

        var result = await WriteAsync("config", "lock-a", 6, "older");

        Assert.Equal(new FencedWriteResult(FencedWriteOutcome.StaleFence, 1, 7, "lock-a"), result);
        var stored = await _store.ReadAsync("config", CancellationToken.None);
        Assert.Equal(("newer", 7L, 1L), (Encoding.UTF8.GetString(stored!.Value), stored.Fence, stored.Version));
    }

    [Fact]
    public async Task A_write_under_another_resource_is_rejected_whatever_its_fence()
    {
        await WriteAsync("config", "lock-a", 2, "mine");

        var result = await WriteAsync("config", "lock-b", long.MaxValue, "theirs");

        Assert.Equal(new FencedWriteResult(FencedWriteOutcome.WrongResource, 1, 2, "lock-a"), result);
        Assert.Equal("mine", await ReadValueAsync("config"));
    }

    [Fact]
    public async Task A_key_never_written_reads_as_null()
    {
        Assert.Null(await _store.ReadAsync("missing", CancellationToken.None));
    }

    [Fact]
    public async Task Concurrent_writes_to_one_key_leave_the_value_of_the_highest_fence()
    {
        var writes = Enumerable.Range(1, 50).Reverse()
            .Select(fence => Task.Run(() => WriteAsync("contended", "lock-a", fence, $"fence-{fence}")))
            .ToArray();
        var results = await Task.WhenAll(writes);

        var stored = await _store.ReadAsync("contended", CancellationToken.None);
        Assert.Equal((50L, "fence-50"), (stored!.Fence, Encoding.UTF8.GetString(stored.Value)));
        Assert.Equal(results.Count(r => r.Outcome == FencedWriteOutcome.Accepted), stored.Version);
    }

    private Task<FencedWriteResult> WriteAsync(string key, string resource, long fence, string value) =>
        _store.WriteAsync(new FencedWrite(key, resource, fence, Encoding.UTF8.GetBytes(value), "text/plain"), CancellationToken.None);

    private async Task<string?> ReadValueAsync(string key) =>
        await _store.ReadAsync(key, CancellationToken.None) is { } stored ? Encoding.UTF8.GetString(stored.Value) : null;
}
