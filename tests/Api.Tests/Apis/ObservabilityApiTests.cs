using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Leasehold.Testing;

namespace Leasehold.Api.Tests.Apis;

/// <summary>The dashboard's lease list: bounded, soonest to expire first, with the total beside it.</summary>
public sealed class ObservabilityApiTests
{
    [Fact]
    public async Task Leases_lists_the_limit_that_expire_soonest_first_and_counts_them_all()
    {
        await using var server = await ApiServer.StartAsync();
        long[] ttls = [50_000, 10_000, 40_000, 20_000, 30_000];
        for (var i = 0; i < ttls.Length; i++)
        {
            await server.AcquireOkAsync($"held-{i}", $"holder-{i}", ttls[i]);
        }

        var listed = await server.Client.GetFromJsonAsync<JsonElement>("/v1/leases?limit=2");

        Assert.Equal(5, listed.GetProperty("total").GetInt32());
        Assert.Equal(["held-1", "held-3"], listed.GetProperty("leases").EnumerateArray().Select(l => l.GetProperty("resource").GetString()));
        var everything = await server.Client.GetFromJsonAsync<JsonElement>("/v1/leases");
        Assert.Equal(["held-1", "held-3", "held-4", "held-2", "held-0"], everything.GetProperty("leases").EnumerateArray().Select(l => l.GetProperty("resource").GetString()));
    }

    [Fact]
    public async Task Leases_names_the_silo_of_each_lease_and_every_silo_asked()
    {
        await using var server = await ApiServer.StartAsync();
        await server.AcquireOkAsync("orders", "worker-1", 30_000);

        var listed = await server.Client.GetFromJsonAsync<JsonElement>("/v1/leases");

        var silo = listed.GetProperty("silo").GetString();
        Assert.Equal(silo, Assert.Single(listed.GetProperty("leases").EnumerateArray()).GetProperty("silo").GetString());
        var asked = Assert.Single(listed.GetProperty("silos").EnumerateArray());
        Assert.Equal(silo, asked.GetProperty("silo").GetString());
        Assert.True(asked.GetProperty("answered").GetBoolean());
        Assert.Equal(1, asked.GetProperty("total").GetInt32());
        Assert.False(asked.GetProperty("faults").GetProperty("paused").GetBoolean());
        Assert.Empty(listed.GetProperty("unreachable").EnumerateArray());
    }

    [Fact]
    public async Task Leases_lists_a_shared_lease_once_per_holder_and_one_holders_release_leaves_the_others()
    {
        await using var server = await ApiServer.StartAsync();
        var first = await AcquireSharedOkAsync(server, "doc", "reader-1", 20_000);
        await AcquireSharedOkAsync(server, "doc", "reader-2", 40_000);

        var listed = await server.Client.GetFromJsonAsync<JsonElement>("/v1/leases");

        Assert.Equal(2, listed.GetProperty("total").GetInt32());
        Assert.Equal([("doc", "reader-1"), ("doc", "reader-2")], HoldersOf(listed));

        using (var released = await server.Client.PostAsJsonAsync("/v1/leases/doc/release", new { leaseId = first.LeaseId }))
        {
            Assert.Equal(HttpStatusCode.NoContent, released.StatusCode);
        }

        var after = await server.Client.GetFromJsonAsync<JsonElement>("/v1/leases");
        Assert.Equal(1, after.GetProperty("total").GetInt32());
        Assert.Equal([("doc", "reader-2")], HoldersOf(after));
    }

    private static async Task<LeaseBody> AcquireSharedOkAsync(ApiServer server, string resource, string holder, long ttlMs)
    {
        using var response = await server.Client.PostAsJsonAsync($"/v1/leases/{resource}/acquire", new { holder, ttlMs, mode = "shared" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<LeaseBody>())!;
    }

    private static (string?, string?)[] HoldersOf(JsonElement listed) =>
        [.. listed.GetProperty("leases").EnumerateArray().Select(l => (l.GetProperty("resource").GetString(), l.GetProperty("holder").GetString()))];

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("-5")]
    [InlineData("many")]
    public async Task A_limit_outside_1_to_1000_is_a_400(string limit)
    {
        await using var server = await ApiServer.StartAsync();

        using var response = await server.Client.GetAsync($"/v1/leases?limit={limit}");

        await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "validation");
    }
}
