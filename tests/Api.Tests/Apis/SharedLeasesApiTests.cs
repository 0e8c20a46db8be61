using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Leasehold.Api.Tests.Apis;

/// <summary>Read-write locks over HTTP: <c>mode</c> on acquire, the shared holders in the lease's state, and no writes under a shared token.</summary>
[Collection(SharedServerCollection.Name)]
public sealed class SharedLeasesApiTests(SharedServer shared)
{
    private readonly ApiServer _server = shared.Server;

    private static string NewResource() => $"res-{Guid.NewGuid():N}";

    [Theory]
    [InlineData("read")]
    [InlineData("Shared")]
    [InlineData("")]
    public async Task An_unknown_mode_is_a_400_validation_problem_naming_the_field(string mode)
    {
        using var response = await _server.Client.PostAsJsonAsync($"/v1/leases/{NewResource()}/acquire", new { holder = "reader", ttlMs = 5_000, mode });

        await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "validation");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.NotNull(body["errors"]?["mode"]);
    }

    [Fact]
    public async Task Readers_share_a_lease_with_one_fence_and_its_state_lists_them_without_lease_ids()
    {
        var resource = NewResource();
        var first = await AcquireOkAsync(resource, "reader-1", "shared");
        var second = await AcquireOkAsync(resource, "reader-2", "shared");

        Assert.Equal(("shared", "shared"), ((string?)first["mode"], (string?)second["mode"]));
        Assert.Equal(1L, (long)first["fence"]!);
        Assert.Equal(1L, (long)second["fence"]!);
        var state = JsonNode.Parse(await _server.Client.GetStringAsync($"/v1/leases/{resource}"))!;
        Assert.Equal(("shared", 2, true), ((string?)state["mode"], (int)state["sharedHolderCount"]!, (bool)state["held"]!));
        Assert.Null((string?)state["holder"]);
        Assert.Equal(["reader-1", "reader-2"], state["sharedHolders"]!.AsArray().Select(h => (string?)h!["holder"]));
        Assert.DoesNotContain((string)first["leaseId"]!, state.ToJsonString(), StringComparison.Ordinal);

        using var writer = await _server.Client.PostAsJsonAsync($"/v1/leases/{resource}/acquire", new { holder = "writer", ttlMs = 5_000, mode = "exclusive" });
        Assert.Equal("reader-1", (await ProblemAssert.IsProblem(writer, HttpStatusCode.Conflict, "lease-held")).Holder);
    }

    [Fact]
    public async Task A_write_under_a_shared_token_is_403_shared_lease_and_an_exclusive_token_still_writes()
    {
        var resource = NewResource();
        var writer = await AcquireOkAsync(resource, "writer", mode: null);
        Assert.Equal("exclusive", (string?)writer["mode"]);
        using (var written = await _server.PutObjectAsync(resource, (string)writer["token"]!, "v1"))
        {
            Assert.Equal(HttpStatusCode.OK, written.StatusCode);
        }

        using (var released = await _server.Client.PostAsJsonAsync($"/v1/leases/{resource}/release", new { leaseId = (string)writer["leaseId"]! }))
        {
            Assert.Equal(HttpStatusCode.NoContent, released.StatusCode);
        }

        var reader = await AcquireOkAsync(resource, "reader", "shared");
        using var put = await _server.PutObjectAsync(resource, (string)reader["token"]!, "v2");
        using var delete = new HttpRequestMessage(HttpMethod.Delete, $"/v1/objects/{resource}");
        delete.Headers.TryAddWithoutValidation("Fencing-Token", (string)reader["token"]!);
        using var deleted = await _server.Client.SendAsync(delete);

        Assert.Equal(2, (await ProblemAssert.IsProblem(put, HttpStatusCode.Forbidden, "shared-lease")).Fence);
        await ProblemAssert.IsProblem(deleted, HttpStatusCode.Forbidden, "shared-lease");
        Assert.Equal("v1", await _server.Client.GetStringAsync($"/v1/objects/{resource}"));
    }

    [Fact]
    public async Task A_session_takes_a_shared_hold_and_its_keep_alive_renews_it()
    {
        var resource = NewResource();
        using var opened = await _server.Client.PostAsJsonAsync("/v1/sessions", new { holder = "batch-reader", ttlMs = 10_000 });
        var sessionId = (string)JsonNode.Parse(await opened.Content.ReadAsStringAsync())!["sessionId"]!;
        await AcquireOkAsync(resource, "other-reader", "shared");

        using var acquired = await _server.Client.PostAsJsonAsync($"/v1/leases/{resource}/acquire", new { sessionId, mode = "shared" });
        Assert.Equal(HttpStatusCode.OK, acquired.StatusCode);
        var lease = JsonNode.Parse(await acquired.Content.ReadAsStringAsync())!;
        using var alive = await _server.Client.PostAsync($"/v1/sessions/{sessionId}/keepalive", null);

        Assert.Equal(("shared", 1L, "batch-reader"), ((string?)lease["mode"], (long)lease["fence"]!, (string?)lease["holder"]));
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        var state = JsonNode.Parse(await _server.Client.GetStringAsync($"/v1/leases/{resource}"))!;
        Assert.Equal(2, (int)state["sharedHolderCount"]!);
    }

    private async Task<JsonNode> AcquireOkAsync(string resource, string holder, string? mode)
    {
        using var response = await _server.Client.PostAsJsonAsync($"/v1/leases/{resource}/acquire", new { holder, ttlMs = 10_000, mode });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!;
    }
}
