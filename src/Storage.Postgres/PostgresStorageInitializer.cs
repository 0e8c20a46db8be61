using Microsoft.Extensions.Hosting;

namespace Leasehold.Storage.Postgres;

/// <summary>Connects and creates or migrates the schema before the silo starts serving; a bad setting stops the start.</summary>
internal sealed class PostgresStorageInitializer(PostgresDatabase database) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => database.InitializeAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
