using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Leasehold.Api;
using Leasehold.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Leasehold.Storage.Tests.Postgres;

/// <summary>
/// Database down, seen from HTTP: the real API host on <c>Storage:Provider=Postgres</c> answers 503 with a
/// problem body while its database is unreachable, and serves again by itself when the database returns,
/// with no acknowledged write lost.
/// </summary>
public sealed class PostgresApiOutageTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [PostgresFact]
    public async Task While_the_database_is_down_the_api_answers_503_problems_and_it_recovers_by_itself()
    {
        await using var schema = await PostgresServer.CreateSchemaAsync();
        var server = new NpgsqlConnectionStringBuilder(schema.ConnectionString);
        await using var gate = new TcpGate(server.Host!, server.Port);
        var throughGate = new NpgsqlConnectionStringBuilder(schema.ConnectionString) { Host = "127.0.0.1", Port = gate.Port };
        var app = LeaseholdApi.Build(
        [
            "--urls", "http://127.0.0.1:0",
            "--Storage:Provider=Postgres",
            $"--Storage:ConnectionString={throughGate.ConnectionString}",
            "--Cluster:SiloPort=0",
            "--Logging:LogLevel:Default=Critical",
        ]);
        await app.StartAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(Address(app)), Timeout = Timeout };
            var token = await AcquireTokenAsync(client);
            using (var first = await PutAsync(client, token, "acknowledged"))
            {
                Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            }

            await gate.ShutAsync();

            using (var down = await PutAsync(client, token, "during the outage"))
            {
                await AssertUnavailableProblemAsync(down);
            }

            using (var ready = await client.GetAsync("/health/ready"))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            }

            gate.Open();

            await Eventually.True(async () =>
            {
                using var again = await PutAsync(client, token, "after the outage");
                return again.StatusCode == HttpStatusCode.OK;
            }, Timeout, "the API serves writes again once the database is back");
            using var read = await client.GetAsync("/v1/objects/report.txt");
            Assert.Equal("after the outage", await read.Content.ReadAsStringAsync());
        }
        finally
        {
            gate.Open();
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static async Task AssertUnavailableProblemAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"Expected 503, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(text);
        Assert.Equal("urn:leasehold:problem:unavailable", problem.RootElement.GetProperty("type").GetString());
        Assert.Equal(503, problem.RootElement.GetProperty("status").GetInt32());
        Assert.NotNull(response.Headers.RetryAfter);
    }

    private static async Task<string> AcquireTokenAsync(HttpClient client)
    {
        using var response = await client.PostAsJsonAsync("/v1/leases/report/acquire", new { holder = "writer", ttlMs = 600_000 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var lease = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return lease.RootElement.GetProperty("token").GetString()!;
    }

    private static Task<HttpResponseMessage> PutAsync(HttpClient client, string token, string text)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, "/v1/objects/report.txt") { Content = new StringContent(text) };
        request.Headers.TryAddWithoutValidation("Fencing-Token", token);
        return client.SendAsync(request);
    }

    private static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
}
