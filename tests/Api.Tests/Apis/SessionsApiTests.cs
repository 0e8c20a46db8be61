using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Leasehold.Testing;

namespace Leasehold.Api.Tests.Apis;

[Collection(SharedServerCollection.Name)]
public sealed class SessionsApiTests(SharedServer shared)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private readonly ApiServer _server = shared.Server;

    private static string NewResource() => $"res-{Guid.NewGuid():N}";

    [Fact]
    public async Task Open_answers_201_with_the_session_and_its_location()
    {
        using var response = await _server.Client.PostAsJsonAsync("/v1/sessions", new { holder = "worker-1", ttlMs = 10_000 });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var session = (await response.Content.ReadFromJsonAsync<SessionBody>())!;
        Assert.Matches("^[0-9a-f]{32}$", session.SessionId);
        Assert.Equal($"/v1/sessions/{session.SessionId}", response.Headers.Location?.OriginalString);
        Assert.Equal("worker-1", session.Holder);
        Assert.True(session.Open);
        Assert.Equal(10_000, session.TtlMs);
        Assert.Empty(session.Leases);
        Assert.Null(session.EndReason);
    }

    [Fact]
    public async Task Leases_acquired_in_a_session_are_held_by_its_holder_and_listed_in_it()
    {
        var session = await OpenAsync("batch-1", 10_000);
        var orders = NewResource();
        var billing = NewResource();

        var first = await AcquireInSessionOkAsync(orders, session.SessionId);
        var second = await AcquireInSessionOkAsync(billing, session.SessionId);

        Assert.Equal("batch-1", first.Holder);
        Assert.Equal(1, first.Fence);
        Assert.Equal(1, second.Fence);
        // Timed by the session: no longer than what is left of it.
        Assert.InRange(first.TtlMs, 1, 10_000);
        var seen = await GetAsync(session.SessionId);
        Assert.Equal(new[] { orders, billing }.Order(StringComparer.Ordinal), seen.Leases.Select(l => l.Resource).Order(StringComparer.Ordinal));
        Assert.All(seen.Leases, l => Assert.Equal(1, l.Fence));
        var state = await _server.Client.GetFromJsonAsync<LeaseStateBody>($"/v1/leases/{orders}");
        Assert.True(state!.Held);
        Assert.Equal("batch-1", state.Holder);
    }

    [Fact]
    public async Task Keep_alives_keep_every_lease_of_the_session_past_its_ttl()
    {
        var session = await OpenAsync("keeper", 2_000);
        var resources = new[] { NewResource(), NewResource(), NewResource() };
        var leases = new List<LeaseBody>();
        foreach (var resource in resources)
        {
            leases.Add(await AcquireInSessionOkAsync(resource, session.SessionId));
        }

        // Keep alive well past twice the TTL, as a holder does: a keep-alive every 300 ms (a sixth of the TTL).
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 50 && clock.Elapsed < TimeSpan.FromSeconds(5); i++)
        {
            using var alive = await _server.Client.PostAsync($"/v1/sessions/{session.SessionId}/keepalive", null);
            Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
            var kept = (await alive.Content.ReadFromJsonAsync<SessionBody>())!;
            Assert.True(kept.Open);
            Assert.Equal(3, kept.Leases.Count);
            await Task.Delay(300);
        }

        Assert.True(clock.Elapsed > TimeSpan.FromSeconds(4), "the keep-alives spanned more than twice the TTL");
        foreach (var (resource, lease) in resources.Zip(leases))
        {
            var state = await _server.Client.GetFromJsonAsync<LeaseStateBody>($"/v1/leases/{resource}");
            Assert.True(state!.Held, $"{resource} is still held");
            Assert.Equal(lease.Fence, state.Fence);
        }
    }

    [Fact]
    public async Task Closing_a_session_releases_every_lease_and_the_next_holders_fence_refuses_the_old_tokens()
    {
        var session = await OpenAsync("closer", 30_000);
        var orders = NewResource();
        var billing = NewResource();
        var ordersLease = await AcquireInSessionOkAsync(orders, session.SessionId);
        await AcquireInSessionOkAsync(billing, session.SessionId);

        using var close = await _server.Client.DeleteAsync($"/v1/sessions/{session.SessionId}");
        Assert.Equal(HttpStatusCode.OK, close.StatusCode);
        var closed = (await close.Content.ReadFromJsonAsync<ClosedBody>())!;
        Assert.Equal(2, closed.ReleasedLeases);

        foreach (var resource in new[] { orders, billing })
        {
            var state = await _server.Client.GetFromJsonAsync<LeaseStateBody>($"/v1/leases/{resource}");
            Assert.False(state!.Held, $"{resource} was released with its session");
        }

        // The next holder gets the lease at once (released, not expired) with a higher fence; the session's token is then stale.
        var next = await _server.AcquireOkAsync(orders, "next", 10_000);
        Assert.Equal(ordersLease.Fence + 1, next.Fence);
        using var newer = await _server.PutObjectAsync(orders, next.Token, "next");
        Assert.Equal(HttpStatusCode.OK, newer.StatusCode);
        using var late = await _server.PutObjectAsync(orders, ordersLease.Token, "late");
        await ProblemAssert.IsProblem(late, HttpStatusCode.Conflict, "stale-fencing-token");

        // Closed stays closed: closing again releases nothing, and the session can neither be kept alive nor acquire.
        using var again = await _server.Client.DeleteAsync($"/v1/sessions/{session.SessionId}");
        Assert.Equal(0, (await again.Content.ReadFromJsonAsync<ClosedBody>())!.ReleasedLeases);
        using var keepAlive = await _server.Client.PostAsync($"/v1/sessions/{session.SessionId}/keepalive", null);
        await ProblemAssert.IsProblem(keepAlive, HttpStatusCode.Gone, "session-lost");
        using var acquire = await AcquireInSessionAsync(NewResource(), session.SessionId);
        await ProblemAssert.IsProblem(acquire, HttpStatusCode.Gone, "session-lost");
        Assert.Equal("closed", (await GetAsync(session.SessionId)).EndReason);
    }

    [Fact]
    public async Task A_session_not_kept_alive_ends_with_all_its_leases_and_its_late_write_is_refused()
    {
        // The holder stops sending keep-alives, as a paused or dead process does.
        var session = await OpenAsync("paused-holder", 500);
        var resources = new[] { NewResource(), NewResource() };
        var leases = new List<LeaseBody>();
        foreach (var resource in resources)
        {
            leases.Add(await AcquireInSessionOkAsync(resource, session.SessionId));
        }

        await Eventually.True(async () => (await GetAsync(session.SessionId)).EndReason == "expired", Bound, "the session expires");
        foreach (var resource in resources)
        {
            var state = await _server.Client.GetFromJsonAsync<LeaseStateBody>($"/v1/leases/{resource}");
            Assert.False(state!.Held, $"{resource} ended with its session");
        }

        using var keepAlive = await _server.Client.PostAsync($"/v1/sessions/{session.SessionId}/keepalive", null);
        var problem = await ProblemAssert.IsProblem(keepAlive, HttpStatusCode.Gone, "session-lost");
        Assert.Contains("not kept alive", problem.Detail, StringComparison.Ordinal);

        // A new holder takes over with a higher fence; the woken holder's write under its session's lease is refused.
        var next = await _server.AcquireOkAsync(resources[0], "next", 10_000);
        Assert.True(next.Fence > leases[0].Fence);
        using var newer = await _server.PutObjectAsync(resources[0], next.Token, "next");
        Assert.Equal(HttpStatusCode.OK, newer.StatusCode);
        using var late = await _server.PutObjectAsync(resources[0], leases[0].Token, "late");
        await ProblemAssert.IsProblem(late, HttpStatusCode.Conflict, "stale-fencing-token");
    }

    [Fact]
    public async Task A_lease_released_on_its_own_leaves_the_session_at_the_next_keep_alive()
    {
        var session = await OpenAsync("releaser", 10_000);
        var resource = NewResource();
        var lease = await AcquireInSessionOkAsync(resource, session.SessionId);

        using var release = await _server.Client.PostAsJsonAsync($"/v1/leases/{resource}/release", new { leaseId = lease.LeaseId });
        Assert.Equal(HttpStatusCode.NoContent, release.StatusCode);
        using var alive = await _server.Client.PostAsync($"/v1/sessions/{session.SessionId}/keepalive", null);

        Assert.Empty((await alive.Content.ReadFromJsonAsync<SessionBody>())!.Leases);
    }

    [Fact]
    public async Task Bad_session_requests_are_400_and_unknown_sessions_404()
    {
        using var noTtl = await _server.Client.PostAsJsonAsync("/v1/sessions", new { holder = "x" });
        await ProblemAssert.IsProblem(noTtl, HttpStatusCode.BadRequest, "validation");
        using var noHolder = await _server.Client.PostAsJsonAsync("/v1/sessions", new { ttlMs = 1_000 });
        await ProblemAssert.IsProblem(noHolder, HttpStatusCode.BadRequest, "validation");
        using var badId = await _server.Client.PostAsync("/v1/sessions/not-a-session/keepalive", null);
        await ProblemAssert.IsProblem(badId, HttpStatusCode.BadRequest, "validation");

        var unknown = Guid.NewGuid().ToString("N");
        using var missing = await _server.Client.GetAsync($"/v1/sessions/{unknown}");
        await ProblemAssert.IsProblem(missing, HttpStatusCode.NotFound, "session-not-found");
        using var missingKeepAlive = await _server.Client.PostAsync($"/v1/sessions/{unknown}/keepalive", null);
        await ProblemAssert.IsProblem(missingKeepAlive, HttpStatusCode.NotFound, "session-not-found");
        using var missingAcquire = await AcquireInSessionAsync(NewResource(), unknown);
        await ProblemAssert.IsProblem(missingAcquire, HttpStatusCode.NotFound, "session-not-found");

        var session = await OpenAsync("strict", 10_000);
        using var withTtl = await _server.Client.PostAsJsonAsync($"/v1/leases/{NewResource()}/acquire", new { sessionId = session.SessionId, ttlMs = 1_000 });
        var ttlProblem = await ProblemAssert.IsProblem(withTtl, HttpStatusCode.BadRequest, "validation");
        Assert.Contains("ttlMs", ttlProblem.Detail, StringComparison.Ordinal);
        using var withHolder = await _server.Client.PostAsJsonAsync($"/v1/leases/{NewResource()}/acquire", new { sessionId = session.SessionId, holder = "someone-else" });
        await ProblemAssert.IsProblem(withHolder, HttpStatusCode.BadRequest, "validation");
        using var badSessionId = await _server.Client.PostAsJsonAsync($"/v1/leases/{NewResource()}/acquire", new { sessionId = "XYZ" });
        await ProblemAssert.IsProblem(badSessionId, HttpStatusCode.BadRequest, "validation");
    }

    private async Task<SessionBody> OpenAsync(string holder, long ttlMs)
    {
        using var response = await _server.Client.PostAsJsonAsync("/v1/sessions", new { holder, ttlMs });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SessionBody>())!;
    }

    private async Task<SessionBody> GetAsync(string sessionId) =>
        (await _server.Client.GetFromJsonAsync<SessionBody>($"/v1/sessions/{sessionId}"))!;

    private Task<HttpResponseMessage> AcquireInSessionAsync(string resource, string sessionId) =>
        _server.Client.PostAsJsonAsync($"/v1/leases/{resource}/acquire", new { sessionId });

    private async Task<LeaseBody> AcquireInSessionOkAsync(string resource, string sessionId)
    {
        using var response = await AcquireInSessionAsync(resource, sessionId);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<LeaseBody>())!;
    }

    private sealed record SessionBody(string SessionId, string Holder, long TtlMs, bool Open, DateTimeOffset? ExpiresAtUtc, long? RemainingMs, List<SessionLeaseBody> Leases, string? EndReason);

    private sealed record SessionLeaseBody(string Resource, long Fence);

    private sealed record ClosedBody(string SessionId, int ReleasedLeases);

    private sealed record LeaseStateBody(string Resource, bool Held, string? Holder, long Fence);
}
