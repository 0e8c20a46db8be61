namespace Leasehold.Storage.Postgres;

/// <summary>The rows returned by the statements of one <see cref="PostgresWrite{T}"/>, in statement order.</summary>
internal sealed class PostgresRows(List<object[]>[] statements)
{
    /// <summary>The rows of the write's statement at <paramref name="statement"/> (0 for the first); each row holds its column values (<see cref="DBNull"/> for null).</summary>
    public IReadOnlyList<object[]> Of(int statement) => statements[statement];

    /// <summary>The first row of the statement at <paramref name="statement"/>, or null if it returned none (its condition did not hold).</summary>
    public object[]? FirstOf(int statement) => statements[statement] is [var first, ..] ? first : null;
}
