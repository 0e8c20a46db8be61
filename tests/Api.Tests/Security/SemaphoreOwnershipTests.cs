using System.Net;
using System.Net.Http.Json;

namespace Leasehold.Api.Tests.Security;

/// <summary>With authentication on, a permit's holder belongs to its principal as a lease's does, and semaphores need the lease role.</summary>
public sealed class SemaphoreOwnershipTests
{
    [Fact]
    public async Task Holders_belong_to_their_principal_and_only_the_holders_principal_may_renew_or_release()
    {
        await using var server = await SecuredApi.StartAsync();
        var alice = SecuredApi.KeyOf("alice");
        var bob = SecuredApi.KeyOf("bob");

        using var asBob = await server.SendAsync(alice, HttpMethod.Post, "/v1/semaphores/owned/acquire", new { holder = "bob/worker", ttlMs = 10_000, permits = 2 });
        await ProblemAssert.IsProblem(asBob, HttpStatusCode.Forbidden, "forbidden");

        using var granted = await server.SendAsync(alice, HttpMethod.Post, "/v1/semaphores/owned/acquire", new { ttlMs = 10_000, permits = 2 });
        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        var permit = await granted.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal("alice", permit.GetProperty("holder").GetString());
        var (slot, leaseId) = (permit.GetProperty("slot").GetInt32(), permit.GetProperty("leaseId").GetString());

        using var bobRenews = await server.SendAsync(bob, HttpMethod.Post, "/v1/semaphores/owned/renew", new { slot, leaseId });
        await ProblemAssert.IsProblem(bobRenews, HttpStatusCode.Forbidden, "forbidden");
        using var bobReleases = await server.SendAsync(bob, HttpMethod.Post, "/v1/semaphores/owned/release", new { slot, leaseId });
        await ProblemAssert.IsProblem(bobReleases, HttpStatusCode.Forbidden, "forbidden");

        using var reader = await server.SendAsync(SecuredApi.KeyOf("auditor"), HttpMethod.Get, "/v1/semaphores/owned");
        Assert.Equal(HttpStatusCode.Forbidden, reader.StatusCode);
        using var leaser = await server.SendAsync(SecuredApi.KeyOf("leaser"), HttpMethod.Get, "/v1/semaphores/owned");
        Assert.Equal(HttpStatusCode.OK, leaser.StatusCode);
        Assert.Contains("\"holder\":\"alice\"", await leaser.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
