using System.Text;
using Leasehold.Storage;
using Leasehold.Storage.Tests.Providers;
using Leasehold.Testing;

namespace Leasehold.Storage.Tests.Contracts;

/// <summary>
/// Group commit: concurrent writes share one transaction; nothing is acknowledged before its commit; an
/// operation that fails, fails alone; a commit that fails, fails exactly the writes it held. The writes are grain state
/// through the provider's Orleans grain storage (<see cref="Counters"/>), fenced objects and cluster secrets.
/// </summary>
public abstract class GroupCommitContract : ProviderContract
{
    [ProviderFact]
    public async Task Many_concurrent_writes_are_all_acknowledged_in_fewer_transactions_than_writes()
    {
        var (commits, writes) = (Provider.Commits, Provider.CommittedWrites);

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => WriteCounterAsync(Provider, i))));

        await Eventually.True(() => Provider.CommittedWrites - writes == 200, Timeout, "every write is counted as acknowledged");
        Assert.True(Provider.Commits - commits < 200, $"{Provider.Commits - commits} commits for 200 writes: no batching");
        for (var i = 0; i < 200; i++)
        {
            Assert.Equal(new StoredCounter(i), (await ReadCounterAsync(Provider, i))?.State);
        }
    }

    [ProviderFact]
    public async Task Writes_queued_while_a_transaction_commits_share_the_next_one()
    {
        var (commits, writes) = (Provider.Commits, Provider.CommittedWrites);
        using var hold = await Provider.HoldWriterAsync();

        var queued = new Task<string>[100];
        Parallel.For(0, queued.Length, i => queued[i] = WriteCounterAsync(Provider, i));
        Assert.All(queued, write => Assert.False(write.IsCompleted, "acknowledged before its transaction committed"));
        hold.Release();
        await Task.WhenAll(queued).WaitAsync(Timeout);

        await Eventually.True(() => Provider.CommittedWrites - writes == 101, Timeout, "every write is counted as acknowledged");
        Assert.Equal(2, Provider.Commits - commits);
    }

    [ProviderFact]
    public async Task With_a_batch_size_of_one_every_write_is_its_own_transaction()
    {
        await using var unbatched = await OpenProviderAsync(maxBatchSize: 1);
        var commits = unbatched.Commits;

        await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Task.Run(() => WriteCounterAsync(unbatched, i))));

        await Eventually.True(() => unbatched.Commits - commits == 30, Timeout, "one commit per write");
        Assert.Equal(new StoredCounter(29), (await ReadCounterAsync(unbatched, 29))?.State);
    }

    [ProviderFact]
    public async Task An_operation_that_throws_fails_alone_and_the_rest_of_its_transaction_commits()
    {
        var commits = Provider.Commits;
        using var hold = await Provider.HoldWriterAsync();
        var refusal = new InvalidOperationException("refused by the test");

        var before = Enumerable.Range(0, 3).Select(i => Provider.InsertSecretAsync($"before-{i}")).ToArray();
        var failing = Provider.InsertSecretThenThrowAsync("failing", refusal);
        var after = Enumerable.Range(0, 3).Select(i => Provider.InsertSecretAsync($"after-{i}")).ToArray();
        hold.Release();

        // Its own insert must be rolled back with it, not committed with the batch.
        Assert.Same(refusal, await Assert.ThrowsAsync<InvalidOperationException>(() => failing.WaitAsync(Timeout)));
        await Task.WhenAll([.. before, .. after]).WaitAsync(Timeout);
        Assert.Equal(2, Provider.Commits - commits);
        Assert.Equal(["after-0", "after-1", "after-2", "before-0", "before-1", "before-2"], await Provider.SecretNamesAsync());
    }

    [ProviderFact]
    public async Task A_constraint_violation_fails_only_its_own_write()
    {
        using var hold = await Provider.HoldWriterAsync();

        var first = Provider.InsertSecretAsync("duplicate");
        var second = Provider.InsertSecretAsync("duplicate");
        var other = Provider.InsertSecretAsync("other");
        hold.Release();

        await first.WaitAsync(Timeout);
        var violation = await Assert.ThrowsAnyAsync<Exception>(() => second.WaitAsync(Timeout));
        Assert.True(Provider.IsConstraintViolation(violation), $"expected a constraint violation, got {violation}");
        await other.WaitAsync(Timeout);
        Assert.Equal(["duplicate", "other"], await Provider.SecretNamesAsync());
    }

    [ProviderFact]
    public async Task A_write_cancelled_while_queued_is_never_applied()
    {
        using var hold = await Provider.HoldWriterAsync();
        using var cancel = new CancellationTokenSource();

        var cancelled = Provider.InsertSecretAsync("cancelled", cancel.Token);
        var kept = Provider.InsertSecretAsync("kept");
        await cancel.CancelAsync();
        hold.Release();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Timeout));
        await kept.WaitAsync(Timeout);
        Assert.Equal(["kept"], await Provider.SecretNamesAsync());
    }

    [ProviderFact]
    public async Task A_failed_commit_fails_exactly_the_writes_it_held()
    {
        var committedBefore = await WriteCounterAsync(Provider, 0);
        using var hold = await Provider.HoldWriterAsync();

        // One batch: three writes, an operation that dooms the commit, one more write.
        var doomed = Enumerable.Range(1, 3).Select(i => WriteCounterAsync(Provider, i)).ToList();
        var sabotage = Provider.SabotageCommitAsync();
        doomed.Add(WriteCounterAsync(Provider, 4));
        hold.Release();

        foreach (var write in doomed)
        {
            await Assert.ThrowsAsync<StorageUnavailableException>(() => write.WaitAsync(Timeout));
        }

        await Assert.ThrowsAnyAsync<Exception>(() => sabotage.WaitAsync(Timeout));

        // The next batch commits as usual; the failed one left nothing behind, the earlier one lost nothing.
        await WriteCounterAsync(Provider, 5).WaitAsync(Timeout);
        Assert.Equal((new StoredCounter(0), committedBefore), await ReadCounterAsync(Provider, 0));
        for (var i = 1; i <= 4; i++)
        {
            Assert.Null(await ReadCounterAsync(Provider, i));
        }

        Assert.Equal(new StoredCounter(5), (await ReadCounterAsync(Provider, 5))?.State);
    }

    [ProviderFact]
    public async Task Everything_acknowledged_is_still_there_after_the_database_is_reopened()
    {
        string[] etags;
        byte[] secret;
        await using (var first = await Provider.OpenAnotherAsync())
        {
            etags = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => WriteCounterAsync(first, i)));
            await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
                first.Objects.WriteAsync(new FencedWrite($"object-{i}", "lock", i, Encoding.UTF8.GetBytes($"value-{i}"), "text/plain"), CancellationToken.None)));
            secret = await first.Secrets.GetOrAddAsync("key", new byte[] { 1, 2, 3 }, CancellationToken.None);
        }

        await using var reopened = await Provider.OpenAnotherAsync();

        for (var i = 0; i < 30; i++)
        {
            Assert.Equal((new StoredCounter(i), etags[i]), await ReadCounterAsync(reopened, i));
            var stored = await reopened.Objects.ReadAsync($"object-{i}", CancellationToken.None);
            Assert.Equal(($"value-{i}", (long)i), (Encoding.UTF8.GetString(stored!.Value), stored.Fence));
        }

        Assert.Equal(secret, await reopened.Secrets.GetOrAddAsync("key", new byte[] { 9 }, CancellationToken.None));
    }

    private static Task<string> WriteCounterAsync(ProviderUnderTest provider, int i) => Counters.WriteAsync(provider, i, i);

    private static Task<(StoredCounter State, string ETag)?> ReadCounterAsync(ProviderUnderTest provider, int i) => Counters.ReadAsync(provider, i);
}
