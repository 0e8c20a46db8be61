using Leasehold.Api;
using Leasehold.Client;
using Leasehold.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Leasehold.Client.Tests;

/// <summary>
/// The real Leasehold API on Kestrel at 127.0.0.1 (a free port, a free silo port) on its own temporary SQLite
/// file. Stops and deletes its database on dispose.
/// </summary>
public class LeaseholdServer : IAsyncLifetime
{
    private readonly TempDatabase _database = new();
    private WebApplication? _app;

    /// <summary>Extra settings (command-line form) of a derived server.</summary>
    protected virtual string[] Settings => [];

    /// <summary>The API's address, e.g. http://127.0.0.1:41234/.</summary>
    public Uri Endpoint { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _app = LeaseholdApi.Build(
        [
            "--urls", "http://127.0.0.1:0",
            $"--Storage:ConnectionString={_database.ConnectionString}",
            "--Cluster:SiloPort=0",
            "--Logging:LogLevel:Default=Warning",
            .. Settings,
        ]);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Endpoint = new Uri(address);
    }

    /// <summary>A client of this server (the caller disposes it).</summary>
    public LeaseholdClient CreateClient(LeaseholdClientOptions? options = null) => new(Endpoint, options);

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _database.Dispose();
    }
}
