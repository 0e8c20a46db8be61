using Leasehold.Storage.Sqlite;

using Leasehold.Runtime.Tests.TestGrains;
using Leasehold.Testing;
using Microsoft.Data.Sqlite;

namespace Leasehold.Runtime.Tests.Sqlite;

public sealed class SqliteCommitQueueTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly TempDatabase _file = new();
    private SqliteDatabase _database = null!;

    private SqliteCommitQueue Commits => _database.Commits;

    public async Task InitializeAsync() => _database = await SqliteTestDatabase.OpenAsync(_file);

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        _file.Dispose();
    }

    [Fact]
    public async Task Many_concurrent_writes_are_all_acknowledged_in_fewer_transactions_than_writes()
    {
        var storage = new SqliteGrainStorage(_database);
        var (commits, writes) = (Commits.Commits, Commits.CommittedWrites);

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => WriteCounterAsync(storage, i))));

        await Eventually.True(() => Commits.CommittedWrites - writes == 200, Timeout, "every write is counted as acknowledged");
        Assert.True(Commits.Commits - commits < 200, $"{Commits.Commits - commits} commits for 200 writes: no batching");
        for (var i = 0; i < 200; i++)
        {
            var stored = await storage.ReadAsync(Counter(i), TestJsonContext.Default.StoredCounter, CancellationToken.None);
            Assert.Equal(new StoredCounter(i), stored?.State);
        }
    }

    [Fact]
    public async Task Writes_queued_while_a_transaction_commits_share_the_next_one()
    {
        var storage = new SqliteGrainStorage(_database);
        var (commits, writes) = (Commits.Commits, Commits.CommittedWrites);
        using var hold = await HoldWriterAsync();

        var queued = new Task<string>[100];
        Parallel.For(0, queued.Length, i => queued[i] = WriteCounterAsync(storage, i));
        hold.Release();
        await Task.WhenAll(queued).WaitAsync(Timeout);

        await Eventually.True(() => Commits.CommittedWrites - writes == 101, Timeout, "every write is counted as acknowledged");
        Assert.Equal(2, Commits.Commits - commits);
    }

    [Fact]
    public async Task An_operation_that_throws_fails_alone_and_the_rest_of_its_transaction_commits()
    {
        var commits = Commits.Commits;
        using var hold = await HoldWriterAsync();
        var refusal = new InvalidOperationException("refused by the test");

        var before = Enumerable.Range(0, 3).Select(i => Commits.EnqueueAsync(c => InsertSecret(c, $"before-{i}"), CancellationToken.None)).ToArray();
        var failing = Commits.EnqueueAsync<int>(c =>
        {
            // Its own write must be rolled back with it, not committed with the batch.
            InsertSecret(c, "failing");
            throw refusal;
        }, CancellationToken.None);
        var after = Enumerable.Range(0, 3).Select(i => Commits.EnqueueAsync(c => InsertSecret(c, $"after-{i}"), CancellationToken.None)).ToArray();
        hold.Release();

        Assert.Same(refusal, await Assert.ThrowsAsync<InvalidOperationException>(() => failing.WaitAsync(Timeout)));
        await Task.WhenAll([.. before, .. after]).WaitAsync(Timeout);
        Assert.Equal(2, Commits.Commits - commits);
        Assert.Equal(["after-0", "after-1", "after-2", "before-0", "before-1", "before-2"], SecretNames());
    }

    [Fact]
    public async Task A_constraint_violation_fails_only_its_own_write()
    {
        using var hold = await HoldWriterAsync();

        var first = Commits.EnqueueAsync(c => InsertSecret(c, "duplicate"), CancellationToken.None);
        var second = Commits.EnqueueAsync(c => InsertSecret(c, "duplicate"), CancellationToken.None);
        var other = Commits.EnqueueAsync(c => InsertSecret(c, "other"), CancellationToken.None);
        hold.Release();

        await first.WaitAsync(Timeout);
        var violation = await Assert.ThrowsAsync<SqliteException>(() => second.WaitAsync(Timeout));
        Assert.Equal(19, violation.SqliteErrorCode);
        await other.WaitAsync(Timeout);
        Assert.Equal(["duplicate", "other"], SecretNames());
    }

    [Fact]
    public async Task A_write_cancelled_while_queued_is_never_applied()
    {
        using var hold = await HoldWriterAsync();
        using var cancel = new CancellationTokenSource();

        var cancelled = Commits.EnqueueAsync(c => InsertSecret(c, "cancelled"), cancel.Token);
        var kept = Commits.EnqueueAsync(c => InsertSecret(c, "kept"), CancellationToken.None);
        await cancel.CancelAsync();
        hold.Release();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Timeout));
        await kept.WaitAsync(Timeout);
        Assert.Equal(["kept"], SecretNames());
    }

    private static GrainId Counter(int i) => new("Tests.ICounterGrain", $"counter-{i}");

    private static Task<string> WriteCounterAsync(SqliteGrainStorage storage, int i) =>
        storage.WriteAsync(Counter(i), new StoredCounter(i), null, TestJsonContext.Default.StoredCounter, CancellationToken.None);

    private static int InsertSecret(SqliteConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO cluster_secrets (name, value, created_at) VALUES ($name, x'00', '')";
        command.Parameters.AddWithValue("$name", name);
        return command.ExecuteNonQuery();
    }

    private string[] SecretNames() => _database.Read(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM cluster_secrets ORDER BY name";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names.ToArray();
    });

    /// <summary>Occupies the writer loop with an operation that waits, so what is queued next lands in one batch.</summary>
    private async Task<WriterHold> HoldWriterAsync()
    {
        var hold = new WriterHold();
        var held = Commits.EnqueueAsync(_ => hold.Wait(), CancellationToken.None);
        await hold.Entered.WaitAsync(Timeout);
        hold.Held = held;
        return hold;
    }

    private sealed class WriterHold : IDisposable
    {
        private readonly ManualResetEventSlim _release = new();
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Entered => _entered.Task;

        public Task<bool> Held { get; set; } = Task.FromResult(true);

        public bool Wait()
        {
            _entered.TrySetResult();
            return _release.Wait(Timeout);
        }

        public void Release() => _release.Set();

        public void Dispose()
        {
            _release.Set();
            _release.Dispose();
        }
    }
}
