using Microsoft.Extensions.Hosting;

namespace Leasehold.Storage.Sqlite;

/// <summary>Opens the database and creates the schema before the silo starts serving; a bad setting stops the start.</summary>
internal sealed class SqliteStorageInitializer(SqliteDatabase database) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => database.InitializeAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
