using System.Diagnostics;
using System.Threading.Channels;
using Leasehold.Storage;
using Microsoft.Data.Sqlite;

namespace Leasehold.Storage.Sqlite;

/// <summary>
/// Group commit. Writers queue operations; one writer loop takes everything waiting (up to the batch
/// size), runs each inside its own savepoint of one transaction, commits once (one fsync), and only
/// then completes the writers' tasks. An operation that throws is rolled back to its savepoint and fails
/// alone; a commit that fails fails exactly the operations it held.
/// </summary>
internal sealed class SqliteCommitQueue : IAsyncDisposable
{
    private readonly SqliteDatabase _database;
    private readonly int _maxBatchSize;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private SqliteConnection? _connection;

    public SqliteCommitQueue(SqliteDatabase database, int maxBatchSize)
    {
        _database = database;
        _maxBatchSize = maxBatchSize;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>How many transactions have committed; with <see cref="CommittedWrites"/>, the batching ratio.</summary>
    public long Commits { get; private set; }

    /// <summary>How many operations have been acknowledged.</summary>
    public long CommittedWrites { get; private set; }

    /// <summary>Queues <paramref name="operation"/>; the task completes after the transaction holding it is durable.</summary>
    public Task<T> EnqueueAsync<T>(Func<SqliteConnection, T> operation, CancellationToken cancellationToken)
    {
        var pending = new PendingWrite<T>(operation, cancellationToken);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new StorageUnavailableException("The storage writer has stopped; the silo is shutting down.");
        }

        return pending.Result;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        _connection?.Dispose();
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingWrite>(_maxBatchSize);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < _maxBatchSize && _queue.Reader.TryRead(out var pending))
            {
                if (!pending.CancelIfRequested())
                {
                    batch.Add(pending);
                }
            }

            if (batch.Count > 0)
            {
                CommitBatch(batch);
                batch.Clear();
            }
        }
    }

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
