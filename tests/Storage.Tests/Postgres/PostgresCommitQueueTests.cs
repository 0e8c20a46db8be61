using System.Text;
using Leasehold.Storage.Postgres;
using Leasehold.Storage;
using Leasehold.Storage.Tests.Contracts;
using Leasehold.Storage.Tests.Providers;
using Leasehold.Testing;
using Npgsql;

namespace Leasehold.Storage.Tests.Postgres;

/// <summary>
/// The PostgreSQL commit queue's batches: the statements of every write of a batch go to the server in one
/// round trip; a write refused by its data fails alone without disturbing the batch; a write the server
/// raises an error for fails alone and the batch is sent again without it; a batch whose commit or
/// connection fails fails exactly its own writes. Fenced writes are batched statements; Orleans grain-state writes are
/// callbacks in the batch's transaction.
/// </summary>
public sealed class PostgresCommitQueueTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private PostgresProviderUnderTest? _provider;

    private PostgresProviderUnderTest Provider => _provider!;

    private PostgresCommitQueue Commits => Provider.Database.Commits;

    public async Task InitializeAsync()
    {
        // Only when the test runs: a skipped test needs no server.
        if (PostgresServer.SkipReason is null)
        {
            _provider = await PostgresProviderUnderTest.OpenAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (_provider is not null)
        {
            await _provider.DisposeAsync();
        }
    }

    [PostgresFact]
    public async Task A_grain_state_write_at_a_stale_etag_fails_alone_while_the_rest_of_its_batch_commits_once()
    {
        var etag = await Counters.WriteAsync(Provider, 0, 0);
        var commits = Commits.Commits;
        using var hold = await Provider.HoldWriterAsync();

        var before = Enumerable.Range(1, 3).Select(i => Counters.WriteAsync(Provider, i, i)).ToArray();
        var stale = Counters.WriteAsync(Provider, 0, 100, etag + "0");
        var fresh = Counters.WriteAsync(Provider, 0, 200, etag);
        var after = Enumerable.Range(4, 3).Select(i => Counters.WriteAsync(Provider, i, i)).ToArray();
        hold.Release();

        await Assert.ThrowsAsync<Orleans.Storage.InconsistentStateException>(() => stale.WaitAsync(Timeout));
        await Task.WhenAll([.. before, fresh, .. after]).WaitAsync(Timeout);

        // The hold's transaction, then the batch's: the stale write's callback threw, so the batch was rolled back and run
        // again without it, and committed once.
        Assert.Equal(2, Commits.Commits - commits);
        Assert.Equal(new StoredCounter(200), (await Counters.ReadAsync(Provider, 0))?.State);
        for (var i = 1; i <= 6; i++)
        {
            Assert.Equal(new StoredCounter(i), (await Counters.ReadAsync(Provider, i))?.State);
        }
    }

    [PostgresFact]
    public async Task A_fenced_write_behind_the_keys_fence_is_refused_in_a_batch_that_accepts_the_others()
    {
        var objects = Provider.Objects;
        await objects.WriteAsync(new FencedWrite("config", "lock", 7, new byte[] { 7 }, "application/octet-stream"), CancellationToken.None);
        var roundTrips = Commits.RoundTrips;
        using var hold = await Provider.HoldWriterAsync();

        var stale = objects.WriteAsync(new FencedWrite("config", "lock", 6, new byte[] { 6 }, "application/octet-stream"), CancellationToken.None);
        var other = objects.WriteAsync(new FencedWrite("config", "another-lock", 9, new byte[] { 9 }, "application/octet-stream"), CancellationToken.None);
        var newer = objects.WriteAsync(new FencedWrite("config", "lock", 8, new byte[] { 8 }, "application/octet-stream"), CancellationToken.None);
        var elsewhere = objects.WriteAsync(new FencedWrite("other", "lock", 1, new byte[] { 1 }, "application/octet-stream"), CancellationToken.None);
        hold.Release();

        Assert.Equal(new FencedWriteResult(FencedWriteOutcome.StaleFence, 1, 7, "lock"), await stale.WaitAsync(Timeout));
        Assert.Equal(new FencedWriteResult(FencedWriteOutcome.WrongResource, 1, 7, "lock"), await other.WaitAsync(Timeout));
        Assert.Equal(new FencedWriteResult(FencedWriteOutcome.Accepted, 2, 8, "lock"), await newer.WaitAsync(Timeout));
        Assert.Equal(new FencedWriteResult(FencedWriteOutcome.Accepted, 1, 1, "lock"), await elsewhere.WaitAsync(Timeout));
        Assert.Equal(3, Commits.RoundTrips - roundTrips);
        Assert.Equal([8], (await objects.ReadAsync("config", CancellationToken.None))!.Value);
    }

    [PostgresFact]
    public async Task A_server_error_mid_batch_fails_only_its_write_and_the_batch_is_sent_again_without_it()
    {
        var (commits, roundTrips) = (Commits.Commits, Commits.RoundTrips);
        using var hold = await Provider.HoldWriterAsync();

        var before = Enumerable.Range(0, 3).Select(i => Commits.EnqueueAsync(PostgresProviderUnderTest.InsertSecret($"before-{i}"), CancellationToken.None)).ToArray();
        var failing = Commits.EnqueueAsync(InsertThenDivideByZero("failing"), CancellationToken.None);
        var after = Enumerable.Range(0, 3).Select(i => Commits.EnqueueAsync(PostgresProviderUnderTest.InsertSecret($"after-{i}"), CancellationToken.None)).ToArray();
        hold.Release();

        var error = await Assert.ThrowsAsync<PostgresException>(() => failing.WaitAsync(Timeout));
        Assert.Equal(PostgresErrorCodes.DivisionByZero, error.SqlState);
        await Task.WhenAll([.. before, .. after]).WaitAsync(Timeout);

        // The hold's two; the batch sent once, refused, and once more without the failing write.
        Assert.Equal(2, Commits.Commits - commits);
        Assert.Equal(4, Commits.RoundTrips - roundTrips);
        Assert.Equal(["after-0", "after-1", "after-2", "before-0", "before-1", "before-2"], await Provider.SecretNamesAsync());
    }

    [PostgresFact]
    public async Task A_batch_whose_commit_fails_fails_every_write_it_held_and_applies_none()
    {
        await using (var connection = await OpenUnpooledAsync(Provider.ConnectionString))
        await using (var create = new NpgsqlCommand("CREATE TABLE commit_trap (id integer UNIQUE DEFERRABLE INITIALLY DEFERRED)", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        var acknowledged = await WriteObjectAsync(Provider, 0);
        using var hold = await Provider.HoldWriterAsync();

        // Statements only: the batch runs in one implicit transaction, and the deferred constraint fails its commit.
        var doomed = Enumerable.Range(1, 3).Select(i => WriteObjectAsync(Provider, i)).ToList<Task>();
        doomed.Add(Commits.EnqueueAsync(InsertTwiceIntoCommitTrap(), CancellationToken.None));
        doomed.Add(WriteObjectAsync(Provider, 4));
        hold.Release();

        foreach (var write in doomed)
        {
            await Assert.ThrowsAsync<StorageUnavailableException>(() => write.WaitAsync(Timeout));
        }

        await WriteObjectAsync(Provider, 5).WaitAsync(Timeout);
        Assert.Equal((acknowledged.Version, acknowledged.HighestFence, "value-0"), await ReadObjectAsync(Provider, 0));
        for (var i = 1; i <= 4; i++)
        {
            Assert.Null(await ReadObjectAsync(Provider, i));
        }

        Assert.Equal((1L, 5L, "value-5"), await ReadObjectAsync(Provider, 5));
    }

    [PostgresFact]
    public async Task A_connection_cut_while_a_batch_commits_fails_exactly_that_batch_which_the_server_applies_whole_or_not_at_all()
    {
        var server = new NpgsqlConnectionStringBuilder(Provider.ConnectionString);
        await using var gate = new TcpGate(server.Host!, server.Port);
        var throughGate = new NpgsqlConnectionStringBuilder(Provider.ConnectionString) { Host = "127.0.0.1", Port = gate.Port };
        await using var provider = await PostgresProviderUnderTest.OpenAsync(throughGate.ConnectionString, ownedSchema: null, maxBatchSize: 256);
        var acknowledged = await WriteObjectAsync(provider, 0);

        // Another session inserts "blocker" and keeps its transaction open: the batch's own insert of that name
        // waits on the server, in the middle of the batch, until this session ends.
        await using var blocker = await OpenUnpooledAsync(Provider.ConnectionString);
        await using var blocking = await blocker.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand("INSERT INTO cluster_secrets (name, value, created_at) VALUES ('blocker', '\\x00'::bytea, now())", blocker))
        {
            await insert.ExecuteNonQueryAsync();
        }

        var cut = new List<Task>();
        using (var hold = await provider.HoldWriterAsync())
        {
            cut.AddRange(Enumerable.Range(1, 2).Select(i => WriteObjectAsync(provider, i)));
            cut.Add(provider.InsertSecretAsync("blocker"));
            cut.AddRange(Enumerable.Range(3, 2).Select(i => WriteObjectAsync(provider, i)));
            hold.Release();
        }

        var waiting = 0;
        await Eventually.True(async () => (waiting = await WaitingOnAsync(blocker)) != 0, Timeout, "the batch waits on the blocker's row");
        Assert.All(cut, write => Assert.False(write.IsCompleted, "answered before its batch committed"));

        await gate.ShutAsync();
        foreach (var write in cut)
        {
            await Assert.ThrowsAsync<StorageUnavailableException>(() => write.WaitAsync(Timeout));
        }

        // The server, unaware of the cut, may still commit the batch once the blocker is gone: then all of it.
        await blocking.RollbackAsync();
        await Eventually.True(async () => !await IsRunningAsync(blocker, waiting), Timeout, "the cut session ends on the server");
        var applied = new List<bool>();
        for (var i = 1; i <= 4; i++)
        {
            applied.Add(await ReadObjectAsync(Provider, i) is not null);
        }

        applied.Add((await Provider.SecretNamesAsync()).Contains("blocker"));
        Assert.True(applied.TrueForAll(a => a) || applied.TrueForAll(a => !a), $"partly applied: {string.Join(", ", applied)}");

        // What was acknowledged before stays; the next batch, on a new connection, is acknowledged again.
        gate.Open();
        await Eventually.True(async () => await TryWriteObjectAsync(provider, 5), Timeout, "writes recover after the cut");
        Assert.Equal((acknowledged.Version, acknowledged.HighestFence, "value-0"), await ReadObjectAsync(Provider, 0));
    }

    /// <summary>A connection of the test's own, outside any pool (it must not linger after the test).</summary>
    private static async Task<NpgsqlConnection> OpenUnpooledAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>A fenced write of <c>object-i</c> at fence <c>i</c>: one batched statement.</summary>
    private static Task<FencedWriteResult> WriteObjectAsync(ProviderUnderTest provider, int i) =>
        provider.Objects.WriteAsync(new FencedWrite($"object-{i}", "lock", i, Encoding.UTF8.GetBytes($"value-{i}"), "text/plain"), CancellationToken.None);

    private static async Task<bool> TryWriteObjectAsync(ProviderUnderTest provider, int i)
    {
        try
        {
            await WriteObjectAsync(provider, i);
            return true;
        }
        catch (StorageUnavailableException)
        {
            return false;
        }
    }

    /// <summary><c>object-i</c>'s version, fence and text, or null if it was never written.</summary>
    private static async Task<(long Version, long Fence, string Text)?> ReadObjectAsync(ProviderUnderTest provider, int i) =>
        await provider.Objects.ReadAsync($"object-{i}", CancellationToken.None) is { } stored
            ? (stored.Version, stored.Fence, Encoding.UTF8.GetString(stored.Value))
            : null;

    /// <summary>A write whose first statement inserts and whose second makes the server raise a data exception.</summary>
    private static PostgresWrite<int> InsertThenDivideByZero(string name) =>
        new(
            () =>
            [
                new NpgsqlBatchCommand("INSERT INTO cluster_secrets (name, value, created_at) VALUES (@name, '\\x00'::bytea, now()) RETURNING name")
                {
                    Parameters = { new("name", name) },
                },
                new NpgsqlBatchCommand("SELECT 1 / (count(*) - count(*)) FROM cluster_secrets"),
            ],
            rows => rows.Of(0).Count);

    /// <summary>Two equal ids under a deferred unique constraint: each statement succeeds, the commit cannot.</summary>
    private static PostgresWrite<int> InsertTwiceIntoCommitTrap() =>
        new(() => [new NpgsqlBatchCommand("INSERT INTO commit_trap (id) VALUES (1), (1) RETURNING id")], rows => rows.Of(0).Count);

    /// <summary>The server process whose session waits on a lock held by <paramref name="blocker"/>'s session (0 if none).</summary>
    private static async Task<int> WaitingOnAsync(NpgsqlConnection blocker)
    {
        await using var command = new NpgsqlCommand("SELECT coalesce(min(pid), 0) FROM pg_stat_activity WHERE pg_backend_pid() = ANY (pg_blocking_pids(pid))", blocker);
        return (int)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<bool> IsRunningAsync(NpgsqlConnection observer, int pid)
    {
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE pid = @pid", observer);
        command.Parameters.AddWithValue("pid", pid);
        return (long)(await command.ExecuteScalarAsync())! != 0;
    }
}
