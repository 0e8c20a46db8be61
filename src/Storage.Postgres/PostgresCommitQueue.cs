using System.Diagnostics;
using System.Threading.Channels;
using Leasehold.Storage;
using Npgsql;

namespace Leasehold.Storage.Postgres;

/// <summary>
/// Group commit. Writers queue writes; one writer loop takes everything waiting (up to the batch size),
/// sends the statements of all of them in one <see cref="NpgsqlBatch"/>, which PostgreSQL runs as one
/// transaction and commits before it answers (one round trip, one WAL flush), and only then completes the
/// writers' tasks. A write refused by its data (a stale ETag, a stale fence) is a statement whose condition
/// did not hold: it changed nothing, its answer is read from its empty result, and the batch commits as
/// usual. A write that makes the server raise an error (a constraint) fails alone: the server has rolled
/// the whole batch back, and it is sent again without that write. A commit that fails fails exactly the
/// writes it held.
/// </summary>
/// <remarks>
/// Writes queued as callbacks (<see cref="EnqueueAsync{T}(Func{NpgsqlConnection, Task{T}}, CancellationToken)"/>)
/// cannot be batched: a batch holding one runs in an explicit transaction, each callback in its own round
/// trips between the batched statements before and after it (in queue order), then <c>COMMIT</c>. A
/// callback that throws is rolled back with its batch, which runs again without it, so a callback may run
/// more than once before it is acknowledged: it must only read and write through the connection it is
/// given, and only its last run's result is returned. PostgreSQL savepoints would cost two more round
/// trips per write; the replay costs a round trip only when a write fails on the server, which is rare.
/// </remarks>
internal sealed partial class PostgresCommitQueue : IAsyncDisposable
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
    private long _roundTrips;

    public PostgresCommitQueue(PostgresDatabase database, int maxBatchSize)
    {
        _database = database;
        _maxBatchSize = maxBatchSize;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>How many transactions have committed; with <see cref="CommittedWrites"/>, the batching ratio.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>How many writes have been acknowledged.</summary>
    public long CommittedWrites => Interlocked.Read(ref _committedWrites);

    /// <summary>
    /// How many times the writer sent something and waited for the server's answer: a batch of statements,
    /// a callback, a <c>COMMIT</c> or <c>ROLLBACK</c> of an explicit transaction (a callback may take more).
    /// </summary>
    public long RoundTrips => Interlocked.Read(ref _roundTrips);

    /// <summary>Queues <paramref name="write"/>; the task completes after the transaction holding it is durable.</summary>
    public Task<T> EnqueueAsync<T>(PostgresWrite<T> write, CancellationToken cancellationToken) =>
        Enqueue(new StatementWrite<T>(write, cancellationToken));

    /// <summary>
    /// Queues <paramref name="operation"/>, run on the writer's connection inside the transaction in its own
    /// round trips (not batched with other writes); the task completes after that transaction is durable.
    /// Prefer a <see cref="PostgresWrite{T}"/>.
    /// </summary>
    public Task<T> EnqueueAsync<T>(Func<NpgsqlConnection, Task<T>> operation, CancellationToken cancellationToken) =>
        Enqueue(new CallbackWrite<T>(operation, cancellationToken));

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private Task<T> Enqueue<T>(PendingWrite<T> pending)
    {
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new StorageUnavailableException("The storage writer has stopped; the silo is shutting down.");
        }

        return pending.Result;
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
        // The statements' spans (Npgsql's) are children of this one, so they join the traces of the writes they carry.
        using var span = StorageDiagnostics.StartCommit(batch, static pending => pending.Caller);
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
                // Nothing of this batch is acknowledged (if the connection broke during the commit, the server may
                // still have applied it: the writers see a failure, and their retries meet the ETag or fence checks).
                var fault = new StorageUnavailableException($"Committing to PostgreSQL at {_database.Server} failed: {ex.Message}", ex);
                span?.SetStatus(ActivityStatusCode.Error, ex.Message);
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

            // The refused write has failed already; the rest run again, now without it.
            batch.Remove(refused);
        }
    }

    /// <summary>
    /// Runs the batch in one transaction. Returns null once it has committed, or the first write that failed
    /// on its own (failed, and rolled back with the rest, which are not committed this time).
    /// </summary>
    private async Task<PendingWrite?> RunOnceAsync(NpgsqlConnection connection, List<PendingWrite> batch)
    {
        if (!batch.Exists(pending => pending is ICallbackWrite))
        {
            // No explicit transaction: the server runs the batch, up to its Sync, as one implicit transaction
            // and commits it before it answers, so the statements and the commit share one round trip.
            return await SendStatementsAsync(connection, batch, 0, batch.Count).ConfigureAwait(false);
        }

        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        var next = 0;
        while (next < batch.Count)
        {
            if (batch[next] is ICallbackWrite callback)
            {
                try
                {
                    Interlocked.Increment(ref _roundTrips);
                    await callback.RunAsync(connection).ConfigureAwait(false);
                }
                catch (Exception ex) when (PostgresFaults.IsDataFact(ex) || !(PostgresFaults.IsFault(ex) || ex is OperationCanceledException))
                {
                    await RollbackAsync(transaction).ConfigureAwait(false);
                    batch[next].Fail(ex);
                    return batch[next];
                }

                next++;
                continue;
            }

            var end = batch.FindIndex(next, pending => pending is ICallbackWrite);
            end = end < 0 ? batch.Count : end;
            var refused = await SendStatementsAsync(connection, batch, next, end).ConfigureAwait(false);
            if (refused is not null)
            {
                await RollbackAsync(transaction).ConfigureAwait(false);
                return refused;
            }

            next = end;
        }

        Interlocked.Increment(ref _roundTrips);
        await transaction.CommitAsync().ConfigureAwait(false);
        return null;
    }

    /// <summary>
    /// Sends the statements of <c>batch[from..to)</c> (all <see cref="StatementWrite{T}"/>) in one round trip and
    /// keeps each write's rows. Returns null, or the write whose statement the server refused with an error
    /// about its data (that write has failed; the transaction is aborted). Other errors are thrown.
    /// </summary>
    private async Task<PendingWrite?> SendStatementsAsync(NpgsqlConnection connection, List<PendingWrite> batch, int from, int to)
    {
        await using var statements = new NpgsqlBatch(connection);
        var owners = new int[to - from + 1];
        for (var i = from; i < to; i++)
        {
            owners[i - from] = statements.BatchCommands.Count;
            foreach (var statement in ((IStatementWrite)batch[i]).CreateStatements())
            {
                statements.BatchCommands.Add(statement);
            }
        }

        owners[to - from] = statements.BatchCommands.Count;
        var results = new List<object[]>[statements.BatchCommands.Count];
        var position = 0;
        try
        {
            Interlocked.Increment(ref _roundTrips);
            await using var reader = await statements.ExecuteReaderAsync().ConfigureAwait(false);
            do
            {
                if (position == results.Length)
                {
                    throw new InvalidOperationException("A batch returned more result sets than it has statements.");
                }

                var rows = new List<object[]>(1);
                while (await reader.ReadAsync().ConfigureAwait(false))
                {
                    var row = new object[reader.FieldCount];
                    reader.GetValues(row);
                    rows.Add(row);
                }

                results[position++] = rows;
            }
            while (await reader.NextResultAsync().ConfigureAwait(false));

            // Disposing the reader reads up to the server's ReadyForQuery: without an explicit transaction,
            // that is the answer to the commit, so nothing is handed out before it (an error there is the
            // commit's, thrown as a fault for the whole batch).
            await reader.DisposeAsync().ConfigureAwait(false);
        }
        catch (PostgresException ex) when (position < results.Length && PostgresFaults.IsDataFact(ex))
        {
            // Result sets arrive in statement order and the error takes the place of its statement's.
            var refused = batch[from + Array.FindLastIndex(owners, owner => owner <= position)];
            refused.Fail(ex);
            return refused;
        }

        if (position != results.Length)
        {
            throw new InvalidOperationException(
                $"A batch of {results.Length} statements returned {position} result sets: every statement of a PostgresWrite must return rows (RETURNING or SELECT).");
        }

        for (var i = from; i < to; i++)
        {
            ((IStatementWrite)batch[i]).Keep(new PostgresRows(results[owners[i - from]..owners[i - from + 1]]));
        }

        return null;
    }

    private async Task RollbackAsync(NpgsqlTransaction transaction)
    {
        Interlocked.Increment(ref _roundTrips);
        await transaction.RollbackAsync().ConfigureAwait(false);
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
}
