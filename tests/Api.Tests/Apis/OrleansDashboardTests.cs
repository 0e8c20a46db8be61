using System.Net;
using System.Text.Json.Nodes;
using Leasehold.Api.Tests.Security;
using Leasehold.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace Leasehold.Api.Tests.Apis;

/// <summary>Orleans' own dashboard at <c>/orleans</c>: served by the API's silo, for admins when API keys are on.</summary>
public sealed class OrleansDashboardTests
{
    [Fact]
    public async Task With_authentication_off_the_dashboard_and_its_data_are_served_and_name_this_silo()
    {
        await using var server = await ApiServer.StartAsync();
        await server.AcquireOkAsync("dashboard-lease", "me");

        using var page = await server.Client.GetAsync("/orleans/");
        var html = await page.Content.ReadAsStringAsync();
        var counters = await EventuallyCountersAsync(server, null);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<title>Orleans Dashboard</title>", html, StringComparison.Ordinal);
        var silo = server.App.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
        Assert.Contains(silo.Endpoint.ToString(), counters, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("auditor", HttpStatusCode.Forbidden)]
    [InlineData("alice", HttpStatusCode.Forbidden)]
    [InlineData("root", HttpStatusCode.OK)]
    public async Task With_API_keys_on_only_an_admin_sees_the_dashboard(string? principal, HttpStatusCode expected)
    {
        await using var server = await SecuredApi.StartAsync();
        var key = principal is null ? null : SecuredApi.KeyOf(principal);

        using var page = await server.SendAsync(key, HttpMethod.Get, "/orleans/");
        using var data = await server.SendAsync(key, HttpMethod.Get, "/orleans/ClusterStats");

        Assert.Equal(expected, page.StatusCode);
        Assert.Equal(expected, data.StatusCode);
    }

    [Fact]
    public async Task Our_page_and_index_link_to_the_Orleans_dashboard()
    {
        await using var server = await ApiServer.StartAsync();
        using var browser = new HttpRequestMessage(HttpMethod.Get, "/");
        browser.Headers.Accept.ParseAdd("text/html");

        using var page = await server.Client.SendAsync(browser);
        var html = await page.Content.ReadAsStringAsync();
        var index = JsonNode.Parse(await server.Client.GetStringAsync("/"));

        Assert.Contains($"href=\"{LeaseholdApi.OrleansDashboardPath}/\"", html, StringComparison.Ordinal);
        Assert.Equal("/orleans/", index?["orleansDashboard"]?.GetValue<string>());
    }

    /// <summary>The dashboard's counters once they list a host (its first sample is taken about a second after start).</summary>
    private static async Task<string> EventuallyCountersAsync(ApiServer server, string? key)
    {
        var last = string.Empty;
        await Eventually.True(
            async () =>
            {
                using var response = await server.SendAsync(key, HttpMethod.Get, "/orleans/DashboardCounters");
                last = await response.Content.ReadAsStringAsync();
                return response.IsSuccessStatusCode && JsonNode.Parse(last)?["hosts"] is JsonArray { Count: > 0 };
            },
            TimeSpan.FromSeconds(20),
            () => $"the dashboard lists a host; last answer: {last}");
        return last;
    }
}
