using Leasehold.Storage.Tests.Contracts;
using Leasehold.Storage.Tests.Providers;

namespace Leasehold.Storage.Tests.Sqlite;

/// <summary>The group commit contract on SQLite, and who commits: the writer that finds the committer role free.</summary>
public sealed class SqliteGroupCommitTests : GroupCommitContract
{
    protected override async Task<ProviderUnderTest> OpenProviderAsync(int maxBatchSize) => await SqliteProviderUnderTest.OpenAsync(maxBatchSize);

    [Fact]
    public async Task An_uncontended_write_is_committed_on_its_writers_own_thread_before_the_call_returns()
    {
        await using var sqlite = await SqliteProviderUnderTest.OpenAsync();
        var commits = sqlite.Commits;

        var write = sqlite.InsertSecretAsync("alone");

        // No thread hop to a writer loop and back: the task is durable and complete when EnqueueAsync returns.
        Assert.True(write.IsCompletedSuccessfully, "an uncontended write waited for another thread to commit it");
        Assert.Equal(commits + 1, sqlite.Commits);
        Assert.Contains("alone", await sqlite.SecretNamesAsync());
    }

    [Fact]
    public async Task Writes_queued_behind_an_inline_commit_are_committed_after_it_by_the_thread_pool()
    {
        await using var sqlite = await SqliteProviderUnderTest.OpenAsync();
        using var hold = await sqlite.HoldWriterAsync();

        var queued = Enumerable.Range(0, 20).Select(i => sqlite.InsertSecretAsync($"queued-{i}")).ToArray();
        Assert.All(queued, write => Assert.False(write.IsCompleted, "acknowledged while another writer held the transaction"));
        hold.Release();

        await Task.WhenAll(queued).WaitAsync(Timeout);
        Assert.Equal(20, (await sqlite.SecretNamesAsync()).Count(name => name.StartsWith("queued-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Closing_commits_what_is_queued_and_refuses_what_comes_after()
    {
        var sqlite = await SqliteProviderUnderTest.OpenAsync();
        var database = sqlite.Database;
        var hold = await sqlite.HoldWriterAsync();
        var queued = sqlite.InsertSecretAsync("queued-before-close");

        var closing = database.Commits.DisposeAsync().AsTask();
        Assert.False(closing.IsCompleted, "closed while a transaction was still open");
        hold.Release();
        await closing.WaitAsync(Timeout);

        await queued.WaitAsync(Timeout);
        await Assert.ThrowsAsync<StorageUnavailableException>(() => sqlite.InsertSecretAsync("after-close"));
        hold.Dispose();
        await sqlite.DisposeAsync();
    }
}
