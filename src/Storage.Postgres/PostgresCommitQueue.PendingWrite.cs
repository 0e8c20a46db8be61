using System.Diagnostics;
using Npgsql;

namespace Leasehold.Storage.Postgres;

/// <summary>The writes waiting in the queue: a writer's task, completed only once its transaction is durable.</summary>
internal sealed partial class PostgresCommitQueue
{
    /// <summary>A write described by statements, sent with others in one batch.</summary>
    private interface IStatementWrite
    {
        NpgsqlBatchCommand[] CreateStatements();

        /// <summary>Keeps the rows of this write's statements from the run that is about to commit.</summary>
        void Keep(PostgresRows rows);
    }

    /// <summary>A write as a callback on the writer's connection, run on its own.</summary>
    private interface ICallbackWrite
    {
        Task RunAsync(NpgsqlConnection connection);
    }

    private abstract class PendingWrite
    {
        /// <summary>The span the write was queued under (made where the writer calls, so on its async flow).</summary>
        public ActivityContext Caller { get; } = StorageDiagnostics.CallerOfWrite();

        public abstract bool CancelIfRequested();

        public abstract void Fail(Exception exception);

        /// <summary>Completes the writer's task with its answer, now durable. False if the write failed (also if its answer is a failure).</summary>
        public abstract bool Acknowledge();
    }

    private abstract class PendingWrite<T>(CancellationToken cancellationToken) : PendingWrite
    {
        private readonly TaskCompletionSource<T> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<T> Result => _result.Task;

        protected bool Failed { get; private set; }

        public override bool CancelIfRequested() => cancellationToken.IsCancellationRequested && _result.TrySetCanceled(cancellationToken);

        public override void Fail(Exception exception)
        {
            Failed = true;
            _result.TrySetException(exception);
        }

        protected bool Answer(T value) => _result.TrySetResult(value);
    }

    private sealed class StatementWrite<T>(PostgresWrite<T> write, CancellationToken cancellationToken) : PendingWrite<T>(cancellationToken), IStatementWrite
    {
        private PostgresRows? _rows;

        public NpgsqlBatchCommand[] CreateStatements() => write.CreateStatements();

        public void Keep(PostgresRows rows) => _rows = rows;

        public override bool Acknowledge()
        {
            if (Failed)
            {
                return false;
            }

            T value;
            try
            {
                value = write.Read(_rows!);
            }
            catch (Exception ex)
            {
                // The write's own answer is a refusal (a stale ETag): its statements changed nothing.
                Fail(ex);
                return false;
            }

            return Answer(value);
        }
    }

    private sealed class CallbackWrite<T>(Func<NpgsqlConnection, Task<T>> operation, CancellationToken cancellationToken) : PendingWrite<T>(cancellationToken), ICallbackWrite
    {
        private T? _value;

        public async Task RunAsync(NpgsqlConnection connection) => _value = await operation(connection).ConfigureAwait(false);

        public override bool Acknowledge() => !Failed && Answer(_value!);
    }
}
