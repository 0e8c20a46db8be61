using System.Net;
using System.Text.Json;

namespace Leasehold.Api.Tests.Apis;

[Collection(SharedServerCollection.Name)]
public sealed class ClusterAndHealthApiTests(SharedServer shared)
{
    private readonly ApiServer _server = shared.Server;

    [Fact]
    public async Task Cluster_lists_this_silo_as_active_with_a_membership_version()
    {
        using var document = JsonDocument.Parse(await _server.Client.GetStringAsync("/v1/cluster"));
        var root = document.RootElement;

        Assert.True(root.GetProperty("membershipVersion").GetInt64() >= 1);
        var silo = Assert.Single(root.GetProperty("silos").EnumerateArray());
        Assert.Equal("Active", silo.GetProperty("status").GetString());
        Assert.StartsWith("127.0.0.1:", silo.GetProperty("address").GetString(), StringComparison.Ordinal);
        Assert.True(silo.GetProperty("generation").GetInt64() > 0);
        Assert.True(silo.TryGetProperty("lastHeartbeatUtc", out _));
    }

    [Fact]
    public async Task Live_and_ready_answer_200_on_a_running_silo()
    {
        using var live = await _server.Client.GetAsync("/health/live");
        using var ready = await _server.Client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("\"ready\"", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_openapi_document_describes_every_route()
    {
        using var document = JsonDocument.Parse(await _server.Client.GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");

        string[] expected =
        [
            "/v1/leases/{resource}/acquire", "/v1/leases/{resource}/renew", "/v1/leases/{resource}/release",
            "/v1/leases/{resource}", "/v1/objects/{key}", "/v1/cluster", "/health/live", "/health/ready",
        ];
        foreach (var path in expected)
        {
            Assert.True(paths.TryGetProperty(path, out _), $"missing {path}");
        }

        Assert.True(paths.GetProperty("/v1/objects/{key}").TryGetProperty("put", out _));
        Assert.True(paths.GetProperty("/v1/objects/{key}").TryGetProperty("get", out _));
    }

    [Fact]
    public async Task The_index_points_at_the_openapi_document()
    {
        var index = await _server.Client.GetStringAsync("/");

        Assert.Contains("/openapi/v1.json", index, StringComparison.Ordinal);
    }
}
