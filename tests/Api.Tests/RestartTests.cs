using System.Net;
using System.Net.Http.Json;
using Leasehold.Testing;

namespace Leasehold.Api.Tests;

/// <summary>A restart on the same database keeps every object, and fences keep growing.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task Objects_survive_a_restart_and_the_next_fence_is_larger()
    {
        using var database = new TempDatabase();
        LeaseBody before;
        await using (var first = await ApiServer.StartAsync(database))
        {
            before = await first.AcquireOkAsync("durable", "writer", 60_000);
            using var put = await first.PutObjectAsync("kept", before.Token, "survives");
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            using var released = await first.Client.PostAsJsonAsync("/v1/leases/durable/release", new { leaseId = before.LeaseId });
        }

        await using var second = await ApiServer.StartAsync(database);
        Assert.Equal("survives", await second.Client.GetStringAsync("/v1/objects/kept"));
        var after = await second.AcquireOkAsync("durable", "writer-after-restart");
        Assert.Equal(before.Fence + 1, after.Fence);

        // The signing key is kept in the database too: a token from before the restart still verifies (and is now stale).
        using var fresh = await second.PutObjectAsync("kept", after.Token, "new holder");
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        await ProblemAssert.IsProblem(await second.PutObjectAsync("kept", before.Token, "later"), HttpStatusCode.Conflict, "stale-fencing-token");
    }

    [Fact]
    public async Task An_unreleased_lease_is_still_held_after_a_restart()
    {
        using var database = new TempDatabase();
        await using (var first = await ApiServer.StartAsync(database))
        {
            await first.AcquireOkAsync("held-over", "holder", 60_000);
        }

        await using var second = await ApiServer.StartAsync(database);
        using var response = await second.AcquireAsync("held-over", "intruder", 1_000);

        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.Conflict, "lease-held");
        Assert.Equal("holder", problem.Holder);
    }
}
