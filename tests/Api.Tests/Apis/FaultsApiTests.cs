using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Leasehold.Api.Tests.Apis;

/// <summary>The fault-injection admin routes: absent unless enabled, and then only for the admin key.</summary>
public sealed class FaultsApiTests
{
    private const string Key = "a-test-admin-key-0123456789";

    [Fact]
    public async Task Without_Faults_Enabled_the_routes_do_not_exist()
    {
        await using var server = await ApiServer.StartAsync();
        server.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);

        using var response = await server.Client.PostAsJsonAsync("/v1/faults/pause", new { durationMs = 1000 });

        await ProblemAssert.IsProblem(response, HttpStatusCode.NotFound, "not-found");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key-wrong-key-wrong-key")]
    public async Task Without_the_admin_key_every_route_is_401_and_nothing_changes(string? key)
    {
        await using var server = await StartAsync();
        if (key is not null)
        {
            server.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        using var pause = await server.Client.PostAsJsonAsync("/v1/faults/pause", new { durationMs = 60_000 });

        await ProblemAssert.IsProblem(pause, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal("Bearer", pause.Headers.WwwAuthenticate.Single().Scheme);
        Assert.False(server.App.Services.GetRequiredService<Leasehold.Faults.FaultController>().PauseGate.IsPaused);
    }

    [Fact]
    public async Task An_admin_pauses_resumes_partitions_heals_and_skews_the_silo_that_answers()
    {
        await using var server = await StartAsync(authorized: true);
        var http = server.Client;

        var paused = await ReadAsync(await http.PostAsJsonAsync("/v1/faults/pause", new { durationMs = 60_000 }));
        using var healthWhilePaused = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var frozen = await Record.ExceptionAsync(() => http.GetAsync("/health/live", healthWhilePaused.Token));
        var resumed = await ReadAsync(await http.PostAsync("/v1/faults/resume", null));
        var partitioned = await ReadAsync(await http.PostAsJsonAsync("/v1/faults/network", new { to = "127.0.0.1:11112", drop = true }));
        var delayed = await ReadAsync(await http.PostAsJsonAsync("/v1/faults/network", new { to = "127.0.0.1:11113", delayMs = 250 }));
        var healed = await ReadAsync(await http.DeleteAsync("/v1/faults/network"));
        var skewed = await ReadAsync(await http.PostAsJsonAsync("/v1/faults/clock", new { offsetMs = -30_000 }));

        Assert.True(paused.Paused);
        Assert.IsAssignableFrom<OperationCanceledException>(frozen);
        Assert.False(resumed.Paused);
        Assert.Equal([new NetworkRule("127.0.0.1:11112", true, 0)], partitioned.Network);
        Assert.Contains(new NetworkRule("127.0.0.1:11113", false, 250), delayed.Network);
        Assert.Empty(healed.Network);
        Assert.InRange(skewed.ClockOffsetMs, -30_001, -29_999);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
    }

    [Theory]
    [InlineData("/v1/faults/pause", "{\"durationMs\":0}")]
    [InlineData("/v1/faults/network", "{\"to\":\"not an endpoint\",\"drop\":true}")]
    [InlineData("/v1/faults/network", "{\"to\":\"127.0.0.1:11112\"}")]
    [InlineData("/v1/faults/clock", "{\"offsetMs\":999999999999}")]
    public async Task Bad_fault_requests_are_400_validation(string path, string body)
    {
        await using var server = await StartAsync(authorized: true);

        using var response = await server.Client.PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "validation");
    }

    private static async Task<ApiServer> StartAsync(bool authorized = false)
    {
        var server = await ApiServer.StartAsync(settings: ["--Faults:Enabled=true", $"--Faults:AdminKey={Key}"]);
        if (authorized)
        {
            server.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        }

        return server;
    }

    private static async Task<FaultsBody> ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<FaultsBody>())!;
        }
    }

    private sealed record FaultsBody(string Silo, bool Paused, bool Killed, long ClockOffsetMs, IReadOnlyList<NetworkRule> Network);

    private sealed record NetworkRule(string To, bool Drop, long DelayMs);
}
