using System.Text;
using Leasehold.Storage.Sqlite;
using Leasehold.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Leasehold.Storage.Tests.Sqlite;

/// <summary>A data folder written by the build before fenced deletes (schema 2) still opens, keeps its objects, and takes deletes.</summary>
public sealed class SqliteSchemaMigrationTests
{
    [Fact]
    public async Task A_schema_2_file_opens_with_its_objects_live_and_then_takes_a_fenced_delete()
    {
        using var file = new TempDatabase();
        WriteSchema2File(file.ConnectionString);

        var database = new SqliteDatabase(Options.Create(new StorageOptions { ConnectionString = file.ConnectionString }), TimeProvider.System);
        await using (database)
        {
            await database.InitializeAsync(CancellationToken.None);
            var store = new SqliteFencedObjectStore(database);

            var old = await store.ReadAsync("orders.csv", CancellationToken.None);
            Assert.Equal((false, 4L, 2L, "a,b"), (old!.Deleted, old.Fence, old.Version, Encoding.UTF8.GetString(old.Value)));
            Assert.Equal(["orders.csv"], (await store.ListAsync("orders", null, 10, CancellationToken.None)).Items.Select(i => i.Key));

            var stale = await store.DeleteAsync(new FencedDelete("orders.csv", "orders", 3), CancellationToken.None);
            var deleted = await store.DeleteAsync(new FencedDelete("orders.csv", "orders", 4), CancellationToken.None);

            Assert.Equal(FencedWriteOutcome.StaleFence, stale.Outcome);
            Assert.Equal(new FencedWriteResult(FencedWriteOutcome.Accepted, 3, 4, "orders", Deleted: true), deleted);
            Assert.Equal(3, SchemaVersion(database));
        }

        // Opening again (a second silo, a restart) migrates nothing twice.
        var again = new SqliteDatabase(Options.Create(new StorageOptions { ConnectionString = file.ConnectionString }), TimeProvider.System);
        await using (again)
        {
            await again.InitializeAsync(CancellationToken.None);
            Assert.True((await new SqliteFencedObjectStore(again).ReadAsync("orders.csv", CancellationToken.None))!.Deleted);
        }
    }

    /// <summary>The tables as the build of schema 2 created them (objects without <c>deleted</c>), with one object.</summary>
    private static void WriteSchema2File(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            PRAGMA journal_mode=WAL;
            CREATE TABLE schema_version (version INTEGER NOT NULL);
            CREATE TABLE objects (
                key          TEXT PRIMARY KEY,
                resource     TEXT NOT NULL,
                fence        INTEGER NOT NULL,
                version      INTEGER NOT NULL,
                content_type TEXT NOT NULL,
                value        BLOB NOT NULL,
                updated_at   TEXT NOT NULL);
            CREATE TABLE cluster_secrets (
                name       TEXT PRIMARY KEY,
                value      BLOB NOT NULL,
                created_at TEXT NOT NULL);
            {SqliteOrleansSchema.Tables}
            INSERT INTO schema_version (version) VALUES (2);
            INSERT INTO objects VALUES ('orders.csv', 'orders', 4, 2, 'text/csv', CAST('a,b' AS BLOB), '2026-01-01T12:00:00.0000000+00:00');
            """;
        command.ExecuteNonQuery();
    }

    private static int SchemaVersion(SqliteDatabase database) => database.Read(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT MAX(version) FROM schema_version";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    });
}
