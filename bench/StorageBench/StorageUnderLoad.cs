using Leasehold.Storage.Postgres;
using Leasehold.Storage.Sqlite;
using Leasehold.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Leasehold.StorageBench;

/// <summary>A provider composed as a silo composes it (the public registration and its initializer), on a scratch database.</summary>
internal sealed class StorageUnderLoad : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly Func<Task> _cleanUp;

    private StorageUnderLoad(ServiceProvider services, Func<Task> cleanUp)
    {
        _services = services;
        _cleanUp = cleanUp;
        Objects = services.GetRequiredService<IFencedObjectStore>();
    }

    public IFencedObjectStore Objects { get; }

    public static async Task<StorageUnderLoad> OpenAsync(string provider, int maxBatchSize, string? postgres)
    {
        var services = new ServiceCollection().AddSingleton(TimeProvider.System);
        Func<Task> cleanUp;
        string connectionString;
        switch (provider.ToUpperInvariant())
        {
            case "SQLITE":
                var folder = Path.Combine(Path.GetTempPath(), "leasehold-bench", Guid.NewGuid().ToString("N"));
                Directory.CreateDirectory(folder);
                connectionString = $"Data Source={Path.Combine(folder, "bench.db")}";
                services.AddLeaseholdSqliteFencedObjectStore();
                cleanUp = () =>
                {
                    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                    Directory.Delete(folder, recursive: true);
                    return Task.CompletedTask;
                };
                break;
            case "POSTGRES":
                var server = postgres ?? throw new ArgumentException("PostgreSQL needs --postgres or LEASEHOLD_BENCH_POSTGRES.");
                var schema = $"bench_{Guid.NewGuid():N}";
                await ExecuteAsync(server, $"CREATE SCHEMA {schema}");
                connectionString = new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ConnectionString;
                services.AddLeaseholdPostgresFencedObjectStore();
                cleanUp = () => ExecuteAsync(server, $"DROP SCHEMA {schema} CASCADE");
                break;
            default:
                throw new ArgumentException($"Unknown provider '{provider}'; use sqlite or postgres.");
        }

        services.AddOptions<StorageOptions>().Configure(o => (o.Provider, o.ConnectionString, o.MaxBatchSize) = (provider, connectionString, maxBatchSize));
        var built = services.BuildServiceProvider();
        foreach (var initializer in built.GetServices<IHostedService>())
        {
            await initializer.StartAsync(CancellationToken.None);
        }

        return new StorageUnderLoad(built, cleanUp);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _cleanUp();
    }

    private static async Task ExecuteAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
