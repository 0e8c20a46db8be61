using System.Diagnostics;
using System.Collections.Concurrent;
using Leasehold.Storage;
using Microsoft.Data.Sqlite;

namespace Leasehold.Storage.Sqlite;

/// <summary>
/// Group commit. Writers queue operations; one committer at a time takes everything waiting (up to the batch
/// size), runs each inside its own savepoint of one transaction, commits once (one fsync), and only
/// then completes the writers' tasks. An operation that throws is rolled back to its savepoint and fails
/// alone; a commit that fails fails exactly the operations it held.
/// </summary>
/// <remarks>
/// The committer is whoever finds the role free: a writer that does commits one batch on its own thread (its own write
/// included), so an uncontended write costs no thread hop to a writer loop and back; if more writes queued meanwhile,
/// it hands the role to a thread-pool item that commits batches until none is left. A writer that finds the role taken
/// only queues. (Our own: SQLite has one writer per file, and Microsoft.Data.Sqlite does no group commit.)
/// </remarks>
internal sealed class SqliteCommitQueue : IAsyncDisposable
{
    private readonly SqliteDatabase _database;
    private readonly int _maxBatchSize;
    private readonly ConcurrentQueue<PendingWrite> _waiting = new();
    private readonly SemaphoreSlim _committer = new(1, 1);
    private readonly List<PendingWrite> _batch;
    private SqliteConnection? _connection;
    private volatile bool _stopping;
    private bool _stopped;

    public SqliteCommitQueue(SqliteDatabase database, int maxBatchSize)
    {
        _database = database;
        _maxBatchSize = maxBatchSize;
        _batch = new List<PendingWrite>(maxBatchSize);
    }

    /// <summary>How many transactions have committed; with <see cref="CommittedWrites"/>, the batching ratio.</summary>
    public long Commits { get; private set; }

    /// <summary>How many operations have been acknowledged.</summary>
    public long CommittedWrites { get; private set; }

    /// <summary>Queues <paramref name="operation"/>; the task completes after the transaction holding it is durable.</summary>
    public Task<T> EnqueueAsync<T>(Func<SqliteConnection, T> operation, CancellationToken cancellationToken)
    {
        if (_stopping)
        {
            throw Stopped();
        }

        var pending = new PendingWrite<T>(operation, cancellationToken);
        _waiting.Enqueue(pending);
        if (_committer.Wait(0, CancellationToken.None))
        {
            CommitWaiting(inline: true);
        }

        return pending.Result;
    }

    public async ValueTask DisposeAsync()
    {
        // What is queued still commits; a write queued after this fails (see CommitNextBatch), never waits forever.
        _stopping = true;
        await _committer.WaitAsync().ConfigureAwait(false);
        try
        {
            while (!_waiting.IsEmpty)
            {
                CommitNextBatch();
            }

            _stopped = true;
            _connection?.Dispose();
            _connection = null;
        }
        finally
        {
            ReleaseRole();
        }
    }

    /// <summary>Commits what is waiting, holding the committer role; releases it when nothing is left.</summary>
    private void CommitWaiting(bool inline)
    {
        while (true)
        {
            CommitNextBatch();
            if (_waiting.IsEmpty)
            {
                break;
            }

            if (inline)
            {
                // The writer that committed inline goes back to its caller; the role passes to the thread pool.
                ThreadPool.UnsafeQueueUserWorkItem(static queue => queue.CommitWaiting(inline: false), this, preferLocal: false);
                return;
            }
        }

        ReleaseRole();
    }

    private void ReleaseRole()
    {
        _committer.Release();

        // A write queued between the last emptiness check and the release found the role taken and only queued: take the
        // role back for it (after closing, that fails it rather than leaving it waiting).
        if (!_waiting.IsEmpty && _committer.Wait(0, CancellationToken.None))
        {
            ThreadPool.UnsafeQueueUserWorkItem(static queue => queue.CommitWaiting(inline: false), this, preferLocal: false);
        }
    }

    private void CommitNextBatch()
    {
        while (_batch.Count < _maxBatchSize && _waiting.TryDequeue(out var pending))
        {
            if (!pending.CancelIfRequested())
            {
                _batch.Add(pending);
            }
        }

        if (_batch.Count == 0)
        {
            return;
        }

        if (_stopped)
        {
            foreach (var pending in _batch)
            {
                pending.Fail(Stopped());
            }
        }
        else
        {
            CommitBatch(_batch);
        }

        _batch.Clear();
    }

    private static StorageUnavailableException Stopped() => new("The storage writer has stopped; the silo is shutting down.");

    private void CommitBatch(List<PendingWrite> batch)
    {
        using var span = StorageDiagnostics.StartCommit(batch, static pending => pending.Caller);
        try
        {
            _connection ??= _database.Open();
            Execute(_connection, "BEGIN IMMEDIATE");
            foreach (var pending in batch)
            {
                Execute(_connection, "SAVEPOINT write");
                try
                {
                    pending.Run(_connection);
                    Execute(_connection, "RELEASE write");
                }
                catch (Exception ex) when (!IsDatabaseFault(ex))
                {
                    Execute(_connection, "ROLLBACK TO write");
                    Execute(_connection, "RELEASE write");
                    pending.Fail(ex);
                }
            }

            Execute(_connection, "COMMIT");
        }
        catch (Exception ex)
        {
            // Nothing of this batch is durable: fail all of it, and start the next batch on a fresh connection.
            var fault = new StorageUnavailableException($"Committing to {_database.DataSource} failed: {ex.Message}", ex);
            foreach (var pending in batch)
            {
                pending.Fail(fault);
            }

            span?.SetStatus(ActivityStatusCode.Error, ex.Message);
            _connection?.Dispose();
            _connection = null;
            return;
        }

        Commits++;
        foreach (var pending in batch)
        {
            if (pending.Acknowledge())
            {
                CommittedWrites++;
            }
        }
    }

    private static bool IsDatabaseFault(Exception ex) =>
        ex is SqliteException { SqliteErrorCode: not 19 }; // 19 = SQLITE_CONSTRAINT: a fact about the data, not a fault.

    private static void Execute(SqliteConnection connection, string sql) => SqliteStatements.Reused(connection, sql).ExecuteNonQuery();

    private abstract class PendingWrite
    {
        /// <summary>The span the write was queued under (made where the writer calls, so on its async flow).</summary>
        public ActivityContext Caller { get; } = StorageDiagnostics.CallerOfWrite();

        public abstract bool CancelIfRequested();

        public abstract void Run(SqliteConnection connection);

        public abstract void Fail(Exception exception);

        /// <summary>Completes the writer's task with the result, now durable. False if the operation had failed.</summary>
        public abstract bool Acknowledge();
    }

    private sealed class PendingWrite<T>(Func<SqliteConnection, T> operation, CancellationToken cancellationToken) : PendingWrite
    {
        private readonly TaskCompletionSource<T> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _value;
        private bool _failed;

        public Task<T> Result => _result.Task;

        public override bool CancelIfRequested() => cancellationToken.IsCancellationRequested && _result.TrySetCanceled(cancellationToken);

        public override void Run(SqliteConnection connection) => _value = operation(connection);

        public override void Fail(Exception exception)
        {
            _failed = true;
            _result.TrySetException(exception);
        }

        public override bool Acknowledge() => !_failed && _result.TrySetResult(_value!);
    }
}
