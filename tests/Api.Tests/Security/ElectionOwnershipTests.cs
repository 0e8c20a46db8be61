using System.Net;
using System.Net.Http.Json;

namespace Leasehold.Api.Tests.Security;

/// <summary>With authentication on, a candidate belongs to its principal as a holder does, and elections need the lease role.</summary>
public sealed class ElectionOwnershipTests
{
    [Fact]
    public async Task Candidates_belong_to_their_principal_and_only_the_leaders_principal_may_proclaim_or_resign()
    {
        await using var server = await SecuredApi.StartAsync();
        var alice = SecuredApi.KeyOf("alice");
        var bob = SecuredApi.KeyOf("bob");

        using var asBob = await server.SendAsync(alice, HttpMethod.Post, "/v1/elections/owned/campaign", new { candidate = "bob/node", ttlMs = 10_000 });
        await ProblemAssert.IsProblem(asBob, HttpStatusCode.Forbidden, "forbidden");

        using var elected = await server.SendAsync(alice, HttpMethod.Post, "/v1/elections/owned/campaign", new { ttlMs = 10_000, value = "a" });
        Assert.Equal(HttpStatusCode.OK, elected.StatusCode);
        var leadership = (await elected.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>());
        Assert.Equal("alice", leadership.GetProperty("leader").GetString());
        var leaseId = leadership.GetProperty("leaseId").GetString();

        using var bobProclaims = await server.SendAsync(bob, HttpMethod.Post, "/v1/elections/owned/proclaim", new { leaseId, value = "b" });
        await ProblemAssert.IsProblem(bobProclaims, HttpStatusCode.Forbidden, "forbidden");
        using var bobResigns = await server.SendAsync(bob, HttpMethod.Post, "/v1/elections/owned/resign", new { leaseId });
        await ProblemAssert.IsProblem(bobResigns, HttpStatusCode.Forbidden, "forbidden");

        using var reader = await server.SendAsync(SecuredApi.KeyOf("auditor"), HttpMethod.Get, "/v1/elections/owned/leader");
        Assert.Equal(HttpStatusCode.Forbidden, reader.StatusCode);
        using var leaser = await server.SendAsync(SecuredApi.KeyOf("leaser"), HttpMethod.Get, "/v1/elections/owned/leader");
        Assert.Equal(HttpStatusCode.OK, leaser.StatusCode);
        Assert.Contains("\"value\":\"a\"", await leaser.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_keys_on_a_leaders_token_writes_only_the_keys_of_its_election()
    {
        await using var server = await SecuredApi.StartAsync();
        var alice = SecuredApi.KeyOf("alice");
        using var elected = await server.SendAsync(alice, HttpMethod.Post, "/v1/elections/keyed/campaign", new { ttlMs = 10_000 });
        var token = (await elected.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("token").GetString();

        using var own = await server.SendAsync(alice, HttpMethod.Put, "/v1/objects/election:keyed.json", new { leader = "alice" }, token);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        using var other = await server.SendAsync(alice, HttpMethod.Put, "/v1/objects/keyed.json", new { leader = "alice" }, token);
        await ProblemAssert.IsProblem(other, HttpStatusCode.Forbidden, "invalid-fencing-token");
    }
}
