using System.Threading.Channels;
using Leasehold.Runtime.Storage;
using Npgsql;

namespace Leasehold.Runtime.Postgres;

/// <summary>
/// Group commit. Writers queue operations; one writer loop takes everything waiting (up to the batch
/// size), runs the operations in one transaction on its own connection, commits once (one WAL flush),
/// and only then completes the writers' tasks. An operation that throws fails alone: the transaction is
/// rolled back and run again without it, so its partial writes are gone and the others still commit. A
/// commit that fails fails exactly the operations it held.
/// </summary>
/// <remarks>
/// PostgreSQL savepoints would cost two extra round trips per operation; replaying the batch costs a
/// round trip per operation only when one fails, which is rare (a stale ETag, a constraint). So an
/// operation may run more than once before it is acknowledged: it must only read and write through the
/// connection it is given, and only its last run's result is returned.
/// </remarks>
internal sealed class PostgresCommitQueue : IAsyncDisposable
{
    /// <summary>How often a batch is run again after the server aborted it to break a deadlock with another silo.</summary>
    private const int ConflictAttempts = 5;

    private readonly PostgresDatabase _database;
    private readonly int _maxBatchSize;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private NpgsqlConnection? _connection;
    private long _commits;
    private long _committedWrites;

    public PostgresCommitQueue(PostgresDatabase database, int maxBatchSize)
    {
        _database = database;
        _maxBatchSize = maxBatchSize;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>How many transactions have committed; with <see cref="CommittedWrites"/>, the batching ratio.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>How many operations have been acknowledged.</summary>
    public long CommittedWrites => Interlocked.Read(ref _committedWrites);

    /// <summary>Queues <paramref name="operation"/>; the task completes after the transaction holding it is durable.</summary>
    public Task<T> EnqueueAsync<T>(Func<NpgsqlConnection, Task<T>> operation, CancellationToken cancellationToken)
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
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }

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
                await CommitBatchAsync(batch).ConfigureAwait(false);
                batch.Clear();
            }
        }
    }

    private async Task CommitBatchAsync(List<PendingWrite> batch)
    {
        var conflicts = 0;
        while (batch.Count > 0)
        {
            PendingWrite? refused;
            try
            {
                _connection ??= await _database.OpenWriterAsync().ConfigureAwait(false);
                refused = await RunOnceAsync(_connection, batch).ConfigureAwait(false);
            }
            catch (Exception ex) when (PostgresFaults.IsConflict(ex) && ++conflicts < ConflictAttempts)
            {
                // The server rolled the whole transaction back; nothing of it was applied, so run it again.
                continue;
            }
            catch (Exception ex)
            {
                // Nothing of this batch is acknowledged (if the connection broke during COMMIT, the server may
                // still have applied it: the writers see a failure, and their retries meet the ETag or fence checks).
                var fault = new StorageUnavailableException($"Committing to PostgreSQL at {_database.Server} failed: {ex.Message}", ex);
                foreach (var pending in batch)
                {
                    pending.Fail(fault);
                }

                _database.ForgetBrokenConnections(ex);
                await DropConnectionAsync().ConfigureAwait(false);
                return;
            }

            if (refused is null)
            {
                Interlocked.Increment(ref _commits);
                foreach (var pending in batch)
                {
                    if (pending.Acknowledge())
                    {
                        Interlocked.Increment(ref _committedWrites);
                    }
                }

                return;
            }

            // The refused operation has failed already; the rest run again, now without it.
            batch.Remove(refused);
        }
    }

    /// <summary>
    /// Runs the batch in one transaction. Returns null once it has committed, or the first operation that
    /// failed on its own (failed and rolled back with the rest, which are not committed this time).
    /// </summary>
    private static async Task<PendingWrite?> RunOnceAsync(NpgsqlConnection connection, List<PendingWrite> batch)
    {
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        foreach (var pending in batch)
        {
            try
            {
                await pending.RunAsync(connection).ConfigureAwait(false);
            }
            catch (Exception ex) when (PostgresFaults.IsDataFact(ex) || !(PostgresFaults.IsFault(ex) || ex is OperationCanceledException))
            {
                await transaction.RollbackAsync().ConfigureAwait(false);
                pending.Fail(ex);
                return pending;
            }
        }

        await transaction.CommitAsync().ConfigureAwait(false);
        return null;
    }

    private async Task DropConnectionAsync()
    {
        if (_connection is null)
        {
            return;
        }

        try
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (PostgresFaults.IsFault(ex))
        {
            // Closing a connection whose server is gone can fail too; it is dropped either way.
        }

        _connection = null;
    }

    private abstract class PendingWrite
    {
        public abstract bool CancelIfRequested();

        public abstract Task RunAsync(NpgsqlConnection connection);

        public abstract void Fail(Exception exception);

        /// <summary>Completes the writer's task with the result, now durable. False if the operation had failed.</summary>
        public abstract bool Acknowledge();
    }

    private sealed class PendingWrite<T>(Func<NpgsqlConnection, Task<T>> operation, CancellationToken cancellationToken) : PendingWrite
    {
        private readonly TaskCompletionSource<T> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _value;
        private bool _failed;

        public Task<T> Result => _result.Task;

        public override bool CancelIfRequested() => cancellationToken.IsCancellationRequested && _result.TrySetCanceled(cancellationToken);

        public override async Task RunAsync(NpgsqlConnection connection) => _value = await operation(connection).ConfigureAwait(false);

        public override void Fail(Exception exception)
        {
            _failed = true;
            _result.TrySetException(exception);
        }

        public override bool Acknowledge() => !_failed && _result.TrySetResult(_value!);
    }
}
