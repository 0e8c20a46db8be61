using Leasehold.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Leasehold.NodeCluster;

/// <summary>
/// One real Leasehold API (co-hosting its silo) on Kestrel at 127.0.0.1 — a free HTTP port, a free silo port — on a
/// SQLite file of its own in a fresh temporary folder. Stops and deletes the folder on dispose.
/// </summary>
public sealed class ApiNode : IAsyncDisposable
{
    private readonly SqliteTestClusterDatabase _database;
    private readonly WebApplication _app;

    private ApiNode(SqliteTestClusterDatabase database, WebApplication app)
    {
        _database = database;
        _app = app;
        Endpoint = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
    }

    /// <summary>The API's address, e.g. http://127.0.0.1:41234/.</summary>
    public Uri Endpoint { get; }

    /// <summary>Starts a node; <paramref name="settings"/> are extra settings in command-line form (<c>--Auth:Mode=ApiKey</c>).</summary>
    public static async Task<ApiNode> StartAsync(params string[] settings)
    {
        var database = new SqliteTestClusterDatabase();
        WebApplication? app = null;
        try
        {
            app = LeaseholdApi.Build(
            [
                "--urls", "http://127.0.0.1:0",
                $"--Storage:ConnectionString={database.ConnectionString}",
                "--Cluster:SiloPort=0",
                "--Logging:LogLevel:Default=Warning",
                .. settings,
            ]);
            await app.StartAsync();
            return new ApiNode(database, app);
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }

            await database.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }
}
