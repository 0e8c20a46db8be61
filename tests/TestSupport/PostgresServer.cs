using Npgsql;

namespace Leasehold.Testing;

/// <summary>
/// The PostgreSQL server the tests run against, named by <c>LEASEHOLD_TEST_POSTGRES</c>. Without it the
/// PostgreSQL tests skip with a visible reason on a developer's machine, and fail in CI
/// (<c>CI=true</c> or <c>LEASEHOLD_REQUIRE_POSTGRES=1</c>), where they must run.
/// Kept over Testcontainers.PostgreSql: the tests use a server on loopback that needs no Docker, one schema per test.
/// </summary>
public static class PostgresServer
{
    public const string Variable = "LEASEHOLD_TEST_POSTGRES";

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>Why PostgreSQL tests skip here, or null when they run (a server is named, or CI requires them).</summary>
    public static string? SkipReason =>
        ConnectionString is not null || Required
            ? null
            : $"No PostgreSQL server: set {Variable}, e.g. Host=127.0.0.1;Username=leasehold;Password=leasehold;Database=leasehold_test (.ci/run sets one up).";

    private static bool Required =>
        IsSet("LEASEHOLD_REQUIRE_POSTGRES") || string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The server's connection string; fails the test, saying why, when none is named (in CI, where the tests must run).</summary>
    public static string RequiredConnectionString => ConnectionString ?? throw new InvalidOperationException(
        $"{Variable} is not set, and CI requires the PostgreSQL tests to run. Set it to a server's connection string.");

    /// <summary>
    /// Creates a fresh schema and returns a connection string whose search path is that schema, so a
    /// test's tables are its own while many tests share one database.
    /// </summary>
    public static async Task<PostgresSchemaLease> CreateSchemaAsync()
    {
        var server = RequiredConnectionString;
        var schema = $"test_{Guid.NewGuid():N}";
        await ExecuteAsync(server, $"CREATE SCHEMA {schema}");
        var builder = new NpgsqlConnectionStringBuilder(server) { SearchPath = schema };
        return new PostgresSchemaLease(server, schema, builder.ConnectionString);
    }

    internal static async Task ExecuteAsync(string connectionString, string sql)
    {
        // No pooling: these one-off connections must not linger in a pool that outlives the test.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static bool IsSet(string variable) => Environment.GetEnvironmentVariable(variable) is "1" or "true" or "TRUE" or "True";
}
