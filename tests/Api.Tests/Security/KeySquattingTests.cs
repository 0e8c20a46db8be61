using System.Net;

namespace Leasehold.Api.Tests.Security;

/// <summary>
/// With API keys on, an object key is guarded by the lease its name names (the key up to its last dot): a second
/// principal cannot bind a key it should not have to a resource of its own and so lock the rightful holder out.
/// </summary>
public sealed class KeySquattingTests : IAsyncLifetime
{
    private ApiServer _server = null!;

    public async Task InitializeAsync() => _server = await SecuredApi.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("bobres")]
    [InlineData("report.txt")]
    [InlineData("report.tx")]
    public async Task A_second_principal_cannot_lock_the_first_out_of_a_key_it_never_wrote(string bobsResource)
    {
        var bobs = await _server.AcquireAsAsync("bob", bobsResource);

        using var squat = await _server.PutAsAsync("bob", "report.txt", bobs.Token, "bob was here first");
        var alices = await _server.AcquireAsAsync("alice", "report");
        using var rightful = await _server.PutAsAsync("alice", "report.txt", alices.Token, "alice's report");
        using var read = await _server.SendAsync(SecuredApi.KeyOf("auditor"), HttpMethod.Get, "/v1/objects/report.txt");

        await ProblemAssert.IsProblem(squat, HttpStatusCode.Forbidden, "invalid-fencing-token");
        Assert.Equal(HttpStatusCode.OK, rightful.StatusCode);
        Assert.Equal("alice's report", await read.Content.ReadAsStringAsync());
        using var release = await _server.SendAsync(SecuredApi.KeyOf("alice"), HttpMethod.Post, "/v1/leases/report/release", new { leaseId = alices.LeaseId });
    }

    [Fact]
    public async Task The_readmes_fencing_story_still_holds_with_keys_on()
    {
        var first = await _server.AcquireAsAsync("alice", "story", new { holder = "alice/client-1", ttlMs = 600_000 });
        using var releaseFirst = await _server.SendAsync(SecuredApi.KeyOf("alice"), HttpMethod.Post, "/v1/leases/story/release", new { leaseId = first.LeaseId });
        var second = await _server.AcquireAsAsync("alice", "story", new { holder = "alice/client-2", ttlMs = 600_000 });

        using var newer = await _server.PutAsAsync("alice", "story.txt", second.Token, "written by client 2");
        using var late = await _server.PutAsAsync("alice", "story.txt", first.Token, "late write by client 1");

        Assert.Equal(HttpStatusCode.OK, newer.StatusCode);
        await ProblemAssert.IsProblem(late, HttpStatusCode.Conflict, "stale-fencing-token");
    }

    [Fact]
    public async Task A_principal_cannot_write_with_another_principals_genuine_token()
    {
        var alices = await _server.AcquireAsAsync("alice", "mine");

        using var byBob = await _server.PutAsAsync("bob", "mine.txt", alices.Token, "bob's");

        await ProblemAssert.IsProblem(byBob, HttpStatusCode.Forbidden, "forbidden");
    }
}
