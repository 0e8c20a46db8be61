using System.Net.Http.Json;
using Leasehold.Api.Cluster;
using Leasehold.Faults;
using Leasehold.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Leasehold.Api.Tests;

/// <summary>
/// The real API host on Kestrel at 127.0.0.1 (a free port), on its own temporary SQLite file, with
/// an HttpClient aimed at it. Stops and deletes its database on dispose.
/// </summary>
public sealed class ApiServer : IAsyncDisposable
{
    private readonly TempDatabase? _ownedDatabase;

    private ApiServer(WebApplication app, TempDatabase? ownedDatabase)
    {
        App = app;
        _ownedDatabase = ownedDatabase;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    /// <summary>Starts a server. <paramref name="database"/>: reuse a database (a restart); otherwise a fresh one is owned.</summary>
    public static async Task<ApiServer> StartAsync(
        TempDatabase? database = null,
        Action<WebApplicationBuilder>? configure = null,
        params string[] settings)
    {
        var owned = database is null ? new TempDatabase() : null;
        var db = database ?? owned!;
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            $"--Storage:ConnectionString={db.ConnectionString}",
            "--Cluster:SiloPort=0",
            "--Logging:LogLevel:Default=Warning",
            .. settings,
        ];
        var app = LeaseholdApi.Build(args, builder =>
        {
            // /v1/faults/kill must not end the test process: the killed silo stays silent until the test disposes it.
            builder.Services.AddSingleton(new SiloTermination(static () => { }));
            configure?.Invoke(builder);
        });
        await app.StartAsync();
        return new ApiServer(app, owned);
    }

    public Task<HttpResponseMessage> AcquireAsync(string resource, string holder, long ttlMs, long? waitMs = null) =>
        Client.PostAsJsonAsync($"/v1/leases/{resource}/acquire", new { holder, ttlMs, waitMs });

    public async Task<LeaseBody> AcquireOkAsync(string resource, string holder, long ttlMs = 10_000)
    {
        using var response = await AcquireAsync(resource, holder, ttlMs);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<LeaseBody>())!;
    }

    public Task<HttpResponseMessage> PutObjectAsync(string key, string? token, string text)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/v1/objects/{key}") { Content = new StringContent(text) };
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("Fencing-Token", token);
        }

        return Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        var faults = App.Services.GetRequiredService<FaultController>();
        if (faults.IsKilled)
        {
            // A killed silo writes no goodbye: stop without waiting, as its process would have ended (and let the kill's
            // frozen calls go, or the stop sits out Orleans' membership-table retries behind them: two minutes).
            faults.ReleaseForTeardown();
            using var now = new CancellationTokenSource();
            await now.CancelAsync();
            await App.StopAsync(now.Token);
        }
        else
        {
            await App.StopAsync();
        }

        await App.DisposeAsync();
        _ownedDatabase?.Dispose();
    }
}

/// <summary>The lease body as a client reads it.</summary>
public sealed record LeaseBody(string Resource, string Holder, string LeaseId, long Fence, string Token, long TtlMs, DateTimeOffset ExpiresAtUtc);

/// <summary>A problem body as a client reads it.</summary>
public sealed record ProblemBody(string Type, string Title, int Status, string? Detail, long? HighestFence, long? Fence, string? Holder);
