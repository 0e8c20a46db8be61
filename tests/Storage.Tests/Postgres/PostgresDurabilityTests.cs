using Leasehold.Storage.Postgres;
using Leasehold.Storage;
using Leasehold.Testing;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Leasehold.Storage.Tests.Postgres;

/// <summary>The durability settings behind "nothing is acknowledged before it is durable" on PostgreSQL.</summary>
public sealed class PostgresDurabilityTests
{
    [PostgresFact]
    public async Task The_writer_waits_for_the_wal_flush_even_when_the_session_default_says_not_to()
    {
        await using var schema = await PostgresServer.CreateSchemaAsync();
        var relaxed = new NpgsqlConnectionStringBuilder(schema.ConnectionString) { Options = "-c synchronous_commit=off" };
        var options = Options.Create(new StorageOptions { Provider = "Postgres", ConnectionString = relaxed.ConnectionString });
        await using var database = new PostgresDatabase(options, TimeProvider.System);
        await database.InitializeAsync(CancellationToken.None);

        var reader = await database.ReadAsync((connection, ct) => ShowAsync(connection, ct), CancellationToken.None);
        await using var writer = await database.OpenWriterAsync();
        var written = await ShowAsync(writer, CancellationToken.None);

        Assert.Equal(("off", "on"), (reader, written));
    }

    private static async Task<string> ShowAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SHOW synchronous_commit";
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
