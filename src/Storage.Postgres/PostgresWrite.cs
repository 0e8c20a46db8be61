using Npgsql;

namespace Leasehold.Storage.Postgres;

/// <summary>
/// One write for the <see cref="PostgresCommitQueue"/>, described instead of run: the statements it sends
/// and how its answer is read from their rows. The queue sends the statements of many writes in one
/// <see cref="NpgsqlBatch"/>, one round trip, and reads each write's answer only once the batch is durable.
/// </summary>
/// <remarks>
/// Rules for the statements, which the queue relies on:
/// <list type="bullet">
/// <item>Every statement returns rows (<c>RETURNING</c> or <c>SELECT</c>, zero rows allowed): PostgreSQL
/// sends no result set for a statement without, and the queue matches result sets to statements by position.</item>
/// <item>A refusal that belongs to the data (a stale ETag, a fence behind the key's) is a condition of the
/// statement that then changes nothing and returns no row; <paramref name="read"/> turns that into the
/// writer's answer. The batch commits anyway, so whatever such a statement leaves must be harmless.</item>
/// <item>A server error (a constraint, a data exception) aborts the batch's transaction: the queue fails
/// that write alone with the error and sends the batch again without it.</item>
/// <item><paramref name="statements"/> builds new commands each time it is called: a batch sent again
/// after a failure or a deadlock is built afresh.</item>
/// </list>
/// </remarks>
internal sealed class PostgresWrite<T>(Func<NpgsqlBatchCommand[]> statements, Func<PostgresRows, T> read)
{
    public NpgsqlBatchCommand[] CreateStatements() => statements();

    /// <summary>The answer from the rows of this write's statements; may throw to fail the writer (for example a stale ETag).</summary>
    public T Read(PostgresRows rows) => read(rows);
}
