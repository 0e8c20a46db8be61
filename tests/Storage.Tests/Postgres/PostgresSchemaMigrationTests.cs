using System.Text;
using Leasehold.Storage.Tests.Providers;
using Leasehold.Testing;
using Npgsql;

namespace Leasehold.Storage.Tests.Postgres;

/// <summary>A database migrated by the build before fenced deletes (schema 2) is migrated to 3 at start, its objects live.</summary>
public sealed class PostgresSchemaMigrationTests
{
    [PostgresFact]
    public async Task A_schema_2_database_opens_with_its_objects_live_and_then_takes_a_fenced_delete()
    {
        await using var schema = await PostgresServer.CreateSchemaAsync();
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(schema.ConnectionString) { Pooling = false }.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            // The objects table as migration 1 made it (migration 2 added only Orleans' tables, which 3 does not touch).
            command.CommandText = """
                CREATE TABLE schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
                INSERT INTO schema_version (version) VALUES (1), (2);
                CREATE TABLE objects (
                    key          text PRIMARY KEY,
                    resource     text        NOT NULL,
                    fence        bigint      NOT NULL,
                    version      bigint      NOT NULL,
                    content_type text        NOT NULL,
                    value        bytea       NOT NULL,
                    updated_at   timestamptz NOT NULL);
                INSERT INTO objects VALUES ('orders.csv', 'orders', 4, 2, 'text/csv', convert_to('a,b', 'UTF8'), '2026-01-01T12:00:00Z');
                """;
            await command.ExecuteNonQueryAsync();
        }

        await using var provider = await PostgresProviderUnderTest.OpenAsync(schema.ConnectionString, ownedSchema: null, maxBatchSize: 16);
        var old = await provider.Objects.ReadAsync("orders.csv", CancellationToken.None);
        Assert.Equal((false, 4L, 2L, "a,b"), (old!.Deleted, old.Fence, old.Version, Encoding.UTF8.GetString(old.Value)));
        Assert.Equal(["orders.csv"], (await provider.Objects.ListAsync("orders", null, 10, CancellationToken.None)).Items.Select(i => i.Key));

        var stale = await provider.Objects.DeleteAsync(new FencedDelete("orders.csv", "orders", 3), CancellationToken.None);
        var deleted = await provider.Objects.DeleteAsync(new FencedDelete("orders.csv", "orders", 4), CancellationToken.None);

        Assert.Equal(FencedWriteOutcome.StaleFence, stale.Outcome);
        Assert.Equal(new FencedWriteResult(FencedWriteOutcome.Accepted, 3, 4, "orders", Deleted: true), deleted);
        await using var another = await provider.OpenAnotherAsync();
        Assert.True((await another.Objects.ReadAsync("orders.csv", CancellationToken.None))!.Deleted);
    }
}
