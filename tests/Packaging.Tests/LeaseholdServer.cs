using Leasehold.Api;
using Leasehold.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Leasehold.Packaging.Tests;

/// <summary>The real Leasehold API on Kestrel at 127.0.0.1 (a free port, a free silo port) on its own temporary SQLite file.</summary>
internal sealed class LeaseholdServer : IAsyncDisposable
{
    private readonly TempDatabase _database;
    private readonly WebApplication _app;

    private LeaseholdServer(TempDatabase database, WebApplication app, Uri endpoint)
    {
        _database = database;
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>The API's address, e.g. http://127.0.0.1:41234/.</summary>
    public Uri Endpoint { get; }

    public static async Task<LeaseholdServer> StartAsync()
    {
        var database = new TempDatabase();
        var app = LeaseholdApi.Build(
        [
            "--urls", "http://127.0.0.1:0",
            $"--Storage:ConnectionString={database.ConnectionString}",
            "--Cluster:SiloPort=0",
            "--Logging:LogLevel:Default=Warning",
        ]);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            database.Dispose();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new LeaseholdServer(database, app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _database.Dispose();
    }
}
