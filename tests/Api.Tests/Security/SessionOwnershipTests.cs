using System.Net;
using System.Net.Http.Json;

namespace Leasehold.Api.Tests.Security;

/// <summary>With API keys on, a session belongs to its principal, as a lease does: knowing its id is not owning it.</summary>
public sealed class SessionOwnershipTests : IAsyncLifetime
{
    private ApiServer _server = null!;

    public async Task InitializeAsync() => _server = await SecuredApi.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_session_is_its_principals_alone_and_its_holder_defaults_to_the_principal()
    {
        using var open = await _server.SendAsync(SecuredApi.KeyOf("alice"), HttpMethod.Post, "/v1/sessions", new { ttlMs = 30_000 });
        Assert.Equal(HttpStatusCode.Created, open.StatusCode);
        var session = (await open.Content.ReadFromJsonAsync<SessionBody>())!;
        Assert.Equal("alice", session.Holder);

        var path = $"/v1/sessions/{session.SessionId}";
        using var keepAlive = await _server.SendAsync(SecuredApi.KeyOf("bob"), HttpMethod.Post, path + "/keepalive");
        await ProblemAssert.IsProblem(keepAlive, HttpStatusCode.Forbidden, "forbidden");
        using var close = await _server.SendAsync(SecuredApi.KeyOf("bob"), HttpMethod.Delete, path);
        await ProblemAssert.IsProblem(close, HttpStatusCode.Forbidden, "forbidden");
        using var acquire = await _server.SendAsync(SecuredApi.KeyOf("bob"), HttpMethod.Post, "/v1/leases/alices-thing/acquire", new { sessionId = session.SessionId });
        await ProblemAssert.IsProblem(acquire, HttpStatusCode.Forbidden, "forbidden");
        // Another principal cannot even tell the session exists.
        using var look = await _server.SendAsync(SecuredApi.KeyOf("bob"), HttpMethod.Get, path);
        await ProblemAssert.IsProblem(look, HttpStatusCode.NotFound, "session-not-found");

        using var hers = await _server.SendAsync(SecuredApi.KeyOf("alice"), HttpMethod.Post, path + "/keepalive");
        Assert.Equal(HttpStatusCode.OK, hers.StatusCode);

        using var asBob = await _server.SendAsync(SecuredApi.KeyOf("alice"), HttpMethod.Post, "/v1/sessions", new { holder = "bob/worker", ttlMs = 30_000 });
        await ProblemAssert.IsProblem(asBob, HttpStatusCode.Forbidden, "forbidden");
    }

    private sealed record SessionBody(string SessionId, string Holder);
}
