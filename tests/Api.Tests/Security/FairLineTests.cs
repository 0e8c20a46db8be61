using System.Net;
using System.Net.Http.Json;
using Leasehold.Testing;

namespace Leasehold.Api.Tests.Security;

/// <summary>
/// The attack's shared line, over HTTP: with <c>Leases:MaxWaiters=2</c> one principal may keep only its half of a
/// resource's line, so another principal's acquire still joins it and is granted in turn.
/// </summary>
public sealed class FairLineTests
{
    [Fact]
    public async Task One_principals_waiting_acquires_do_not_turn_another_principal_away()
    {
        await using var server = await SecuredApi.StartAsync("--Leases:MaxWaiters=2");
        var alices = await server.AcquireAsAsync("alice", "fair");
        var bobsFirst = server.SendAsync(SecuredApi.KeyOf("bob"), HttpMethod.Post, "/v1/leases/fair/acquire", new { ttlMs = 60_000, waitMs = 15_000 });
        await WaitersAsync(server, 1);

        using var bobsSecond = await server.SendAsync(SecuredApi.KeyOf("bob"), HttpMethod.Post, "/v1/leases/fair/acquire", new { ttlMs = 60_000, waitMs = 15_000 });
        var leasers = server.SendAsync(SecuredApi.KeyOf("leaser"), HttpMethod.Post, "/v1/leases/fair/acquire", new { ttlMs = 60_000, waitMs = 15_000 });
        await WaitersAsync(server, 2);
        using (await server.SendAsync(SecuredApi.KeyOf("alice"), HttpMethod.Post, "/v1/leases/fair/release", new { leaseId = alices.LeaseId }))
        {
        }

        using var bobs = await bobsFirst;
        var bobsLease = (await bobs.Content.ReadFromJsonAsync<LeaseBody>())!;
        using (await server.SendAsync(SecuredApi.KeyOf("bob"), HttpMethod.Post, "/v1/leases/fair/release", new { leaseId = bobsLease.LeaseId }))
        {
        }

        using var leaser = await leasers;
        await ProblemAssert.IsProblem(bobsSecond, HttpStatusCode.TooManyRequests, "too-many-waiters");
        Assert.Equal("bob", bobsLease.Holder);
        Assert.Equal(HttpStatusCode.OK, leaser.StatusCode);
        Assert.Equal("leaser", (await leaser.Content.ReadFromJsonAsync<LeaseBody>())!.Holder);
    }

    private static Task WaitersAsync(ApiServer server, int count) =>
        Eventually.True(async () =>
        {
            using var state = await server.SendAsync(SecuredApi.KeyOf("root"), HttpMethod.Get, "/v1/leases/fair");
            return (await state.Content.ReadAsStringAsync()).Contains($"\"waiters\":{count}", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(10), $"{count} acquires wait for 'fair'");
}
