using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Leasehold.Api.Watches;
using Leasehold.Testing;
using Leasehold.TestingHost;
using Microsoft.Extensions.Time.Testing;

namespace Leasehold.Api.Tests.Watches;

/// <summary>
/// Following a lease over HTTP, on a server whose grains run on a manual clock: expiries happen exactly when the test
/// moves time, and every wait is on an event with a bounded timeout.
/// </summary>
public sealed class LeaseWatchTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new();
    private ApiServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await ApiServer.StartAsync(configure: b => b.Services.UseGrainClock(_time), settings: ["--Leases:WatchHistory=4", "--Watches:Refresh=00:00:00.500"]);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static string NewResource() => $"watched-{Guid.NewGuid():N}";

    private Task<HttpResponseMessage> RenewAsync(string resource, LeaseBody lease) =>
        _server.Client.PostAsJsonAsync($"/v1/leases/{resource}/renew", new { leaseId = lease.LeaseId });

    private Task<HttpResponseMessage> ReleaseAsync(string resource, LeaseBody lease) =>
        _server.Client.PostAsJsonAsync($"/v1/leases/{resource}/release", new { leaseId = lease.LeaseId });

    [Fact]
    public async Task A_watch_starts_with_a_reset_then_tells_each_grant_renewal_release_and_expiry_in_order()
    {
        var resource = NewResource();
        await using var watch = await EventStream.OpenAsync(_server.Client, $"/v1/leases/{resource}/watch");
        var start = await watch.NextAsync("reset");
        Assert.Equal(0, start.Id);
        Assert.Equal("start", start.Reason);
        Assert.False(start.Data.GetProperty("lease").GetProperty("held").GetBoolean());

        var first = await _server.AcquireOkAsync(resource, "worker-1", 1_000);
        using (await RenewAsync(resource, first))
        {
        }

        using (await ReleaseAsync(resource, first))
        {
        }

        await _server.AcquireOkAsync(resource, "worker-2", 1_000);
        await _time.AdvanceAndRunDueTimersAsync(TimeSpan.FromMilliseconds(1_001), TimeSpan.FromSeconds(10));

        var granted = await watch.NextAsync("granted");
        var renewed = await watch.NextAsync("renewed");
        var released = await watch.NextAsync("released");
        var regranted = await watch.NextAsync("granted");
        var expired = await watch.NextAsync("expired");
        Assert.Equal([1L, 2, 3, 4, 5], new[] { granted.Id, renewed.Id, released.Id, regranted.Id, expired.Id });
        Assert.Equal(["worker-1", "worker-1", "worker-1", "worker-2", "worker-2"], new[] { granted.Holder!, renewed.Holder!, released.Holder!, regranted.Holder!, expired.Holder! });
        Assert.Equal([1L, 1, 1, 2, 2], new[] { granted.Fence, renewed.Fence, released.Fence, regranted.Fence, expired.Fence }.Select(f => f!.Value));
        // Never the lease id or the token.
        Assert.DoesNotContain(first.LeaseId, granted.Data.GetRawText(), StringComparison.Ordinal);
        Assert.False(granted.Data.TryGetProperty("token", out _));
        Assert.False(granted.Data.TryGetProperty("leaseId", out _));
    }

    [Fact]
    public async Task An_expiry_nobody_watched_is_recorded_with_the_next_grant_before_it()
    {
        var resource = NewResource();
        await _server.AcquireOkAsync(resource, "worker-1", 1_000);
        await _time.AdvanceAndRunDueTimersAsync(TimeSpan.FromMilliseconds(1_001), TimeSpan.FromSeconds(10));
        await _server.AcquireOkAsync(resource, "worker-2", 1_000);

        await using var watch = await EventStream.OpenAsync(_server.Client, $"/v1/leases/{resource}/watch", lastEventId: 0);

        Assert.Equal(("granted", "worker-1"), Describe(await watch.NextAsync()));
        Assert.Equal(("expired", "worker-1"), Describe(await watch.NextAsync()));
        Assert.Equal(("granted", "worker-2"), Describe(await watch.NextAsync()));
    }

    [Fact]
    public async Task A_watcher_that_reconnects_with_Last_Event_ID_gets_every_change_it_missed()
    {
        var resource = NewResource();
        var lease = await _server.AcquireOkAsync(resource, "worker-1", 5_000);
        long seen;
        await using (var watch = await EventStream.OpenAsync(_server.Client, $"/v1/leases/{resource}/watch"))
        {
            seen = (await watch.NextAsync("reset")).Id;
        }

        Assert.Equal(1, seen);
        using (await RenewAsync(resource, lease))
        {
        }

        using (await ReleaseAsync(resource, lease))
        {
        }

        await using var again = await EventStream.OpenAsync(_server.Client, $"/v1/leases/{resource}/watch", lastEventId: seen);

        var renewed = await again.NextAsync("renewed");
        var released = await again.NextAsync("released");
        Assert.Equal([2L, 3], new[] { renewed.Id, released.Id });
    }

    [Fact]
    public async Task A_watcher_further_behind_than_the_retained_history_gets_a_reset_with_the_current_state_then_continues()
    {
        var resource = NewResource();
        var lease = await _server.AcquireOkAsync(resource, "worker-1", 5_000);
        for (var i = 0; i < 5; i++)
        {
            using var _ = await RenewAsync(resource, lease);
        }

        // Changes 1–6 happened; Leases:WatchHistory=4 keeps 3–6, so a watcher that saw only 1 missed 2 for good.
        await using var watch = await EventStream.OpenAsync(_server.Client, $"/v1/leases/{resource}/watch", lastEventId: 1);
        var reset = await watch.NextAsync("reset");
        Assert.Equal(6, reset.Id);
        Assert.Equal("behind", reset.Reason);
        Assert.Equal("worker-1", reset.Data.GetProperty("lease").GetProperty("holder").GetString());
        Assert.Equal(1, reset.Data.GetProperty("lease").GetProperty("fence").GetInt64());

        using (await ReleaseAsync(resource, lease))
        {
        }

        var released = await watch.NextAsync("released");
        Assert.Equal(7, released.Id);

        // One that saw 2 still gets 3 onward.
        await using var close = await EventStream.OpenAsync(_server.Client, $"/v1/leases/{resource}/watch", lastEventId: 3);
        Assert.Equal(4, (await close.NextAsync("renewed")).Id);
    }

    [Fact]
    public async Task Long_poll_answers_at_once_when_a_change_after_the_index_exists()
    {
        var resource = NewResource();
        await _server.AcquireOkAsync(resource, "worker-1", 5_000);

        using var response = await _server.Client.GetAsync($"/v1/leases/{resource}/watch?index=0&wait=5m");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("1", response.Headers.GetValues(WatchesApi.IndexHeader).Single());
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(1, body.GetProperty("index").GetInt64());
        Assert.False(body.GetProperty("reset").GetBoolean());
        Assert.Equal("granted", body.GetProperty("events")[0].GetProperty("kind").GetString());
        Assert.Equal("worker-1", body.GetProperty("lease").GetProperty("holder").GetString());
    }

    [Fact]
    public async Task Long_poll_waits_for_the_next_change_and_answers_with_it()
    {
        var resource = NewResource();
        var lease = await _server.AcquireOkAsync(resource, "worker-1", 5_000);

        var poll = _server.Client.GetAsync($"/v1/leases/{resource}/watch?index=1&wait=60s");
        // The poll is waiting once this process follows the lease (it subscribed after finding nothing new).
        var hub = _server.App.Services.GetRequiredService<LeaseWatchHub>();
        await Eventually.True(() => hub.IsFollowed(resource), TimeSpan.FromSeconds(10), "the long poll to subscribe");
        Assert.False(poll.IsCompleted);
        using (await ReleaseAsync(resource, lease))
        {
        }

        using var response = await poll.WaitAsync(TimeSpan.FromSeconds(20));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(2, body.GetProperty("index").GetInt64());
        Assert.Equal("released", body.GetProperty("events")[0].GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Long_poll_that_sees_no_change_answers_after_its_wait_with_the_same_index()
    {
        var resource = NewResource();
        await _server.AcquireOkAsync(resource, "worker-1", 5_000);

        var poll = _server.Client.GetAsync($"/v1/leases/{resource}/watch?index=1&wait=300ms");
        var hub = _server.App.Services.GetRequiredService<LeaseWatchHub>();
        await Eventually.True(() => hub.IsFollowed(resource), TimeSpan.FromSeconds(10), "the long poll to subscribe");
        // The host's clock is the test's: the wait runs out only as the test moves it (in steps, since the poll arms its
        // timer a moment after it subscribes).
        Assert.False(poll.IsCompleted);
        var moved = TimeSpan.Zero;
        await Eventually.True(async () =>
        {
            await _time.AdvanceAndRunDueTimersAsync(TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(10));
            moved += TimeSpan.FromMilliseconds(50);
            await Task.WhenAny(poll, Task.Delay(20));
            return poll.IsCompleted;
        }, TimeSpan.FromSeconds(20), "the poll's wait to run out");
        Assert.True(moved >= TimeSpan.FromMilliseconds(300), $"answered after {moved} of the test clock, before its 300ms wait");

        using var response = await poll.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("1", response.Headers.GetValues(WatchesApi.IndexHeader).Single());
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(0, body.GetProperty("events").GetArrayLength());
        Assert.False(body.GetProperty("reset").GetBoolean());
    }

    [Fact]
    public async Task Long_poll_from_an_index_ahead_of_the_lease_answers_at_once_with_a_reset()
    {
        var resource = NewResource();

        using var response = await _server.Client.GetAsync($"/v1/leases/{resource}/watch?index=99&wait=60s");

        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(body.GetProperty("reset").GetBoolean());
        Assert.Equal(0, body.GetProperty("index").GetInt64());
    }

    [Theory]
    [InlineData("?index=-1", "index")]
    [InlineData("?index=abc", "index")]
    [InlineData("?index=99999999999999999999", "index")]
    [InlineData("?wait=30", "wait")]
    [InlineData("?wait=soon", "wait")]
    [InlineData("?index=1&wait=2h", "wait")]
    [InlineData("?wait=-5s", "wait")]
    public async Task Bad_index_or_wait_is_a_400_naming_the_value(string query, string field)
    {
        using var response = await _server.Client.GetAsync($"/v1/leases/{NewResource()}/watch{query}");

        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "validation");
        Assert.StartsWith(field, problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_Last_Event_ID_is_a_400()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/leases/{NewResource()}/watch");
        request.Headers.TryAddWithoutValidation("Last-Event-ID", "yesterday");

        using var response = await _server.Client.SendAsync(request);

        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "validation");
        Assert.StartsWith("Last-Event-ID", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_watcher_that_never_reads_does_not_hold_up_grants()
    {
        var resource = NewResource();
        // Opened and never read: its events back up in the connection, then in nothing (its doorbell holds one ring).
        await using var stalled = await EventStream.OpenAsync(_server.Client, $"/v1/leases/{resource}/watch");
        using var client = new HttpClient { BaseAddress = _server.Client.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

        for (var i = 0; i < 1_000; i++)
        {
            using var acquired = await client.PostAsJsonAsync($"/v1/leases/{resource}/acquire", new { holder = $"worker-{i % 2}", ttlMs = 5_000 });
            Assert.Equal(HttpStatusCode.OK, acquired.StatusCode);
            var lease = (await acquired.Content.ReadFromJsonAsync<LeaseBody>())!;
            using var released = await client.PostAsJsonAsync($"/v1/leases/{resource}/release", new { leaseId = lease.LeaseId });
            Assert.Equal(HttpStatusCode.NoContent, released.StatusCode);
        }

        // When it finally reads, its ids only grow, and it catches up — through a reset if it fell out of the history.
        var last = (await stalled.NextAsync("reset")).Id;
        var bound = 0;
        while (last < 2_000 && bound++ < 2_100)
        {
            var next = await stalled.NextAsync(TimeSpan.FromSeconds(20));
            Assert.True(next.Id > last, $"id {next.Id} after {last}");
            Assert.True(next.Kind == "reset" || next.Id == last + 1, $"{next.Kind} {next.Id} after {last}: a gap without a reset");
            last = next.Id;
        }

        Assert.Equal(2_000, last);
    }

    [Fact]
    public async Task A_watcher_that_disconnects_leaves_no_subscription_behind()
    {
        var resource = NewResource();
        var hub = _server.App.Services.GetRequiredService<LeaseWatchHub>();
        var limit = _server.App.Services.GetRequiredService<WatchLimit>();
        var openBefore = limit.Open;
        var watch = await EventStream.OpenAsync(_server.Client, $"/v1/leases/{resource}/watch");
        await watch.NextAsync("reset");
        Assert.True(hub.IsFollowed(resource));

        await watch.DisposeAsync();

        await Eventually.True(() => !hub.IsFollowed(resource), TimeSpan.FromSeconds(20), "the watch to leave once its client went away");
        await Eventually.True(() => limit.Open <= openBefore, TimeSpan.FromSeconds(20), () => $"open watches back to {openBefore} (now {limit.Open})");
    }

    private static (string Kind, string? Holder) Describe(ServerEvent e) => (e.Kind, e.Holder);
}
