using Leasehold.Storage.Tests.Providers;

namespace Leasehold.Storage.Tests.Sqlite;

/// <summary>The durability settings behind "nothing is acknowledged before it is durable" on SQLite.</summary>
public sealed class SqliteDurabilityTests
{
    [Fact]
    public async Task Connections_write_ahead_and_sync_every_commit_to_disk()
    {
        await using var provider = await SqliteProviderUnderTest.OpenAsync();

        using var connection = provider.Database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous";
        var synchronous = Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        command.CommandText = "PRAGMA journal_mode";
        var journal = (string)command.ExecuteScalar()!;

        Assert.Equal((2, "wal"), (synchronous, journal)); // 2 = FULL: the WAL is fsynced at every commit.
    }
}
