namespace Leasehold.Testing;

/// <summary>A schema created for one test; dropped with everything in it on dispose.</summary>
public sealed class PostgresSchemaLease(string server, string schema, string connectionString) : IAsyncDisposable
{
    public string Schema => schema;

    /// <summary>The server's connection string with <c>Search Path</c> set to the schema.</summary>
    public string ConnectionString => connectionString;

    public ValueTask DisposeAsync() => new(PostgresServer.ExecuteAsync(server, $"DROP SCHEMA IF EXISTS {schema} CASCADE"));
}
