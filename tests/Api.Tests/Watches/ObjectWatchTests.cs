using System.Net;
using System.Text.Json;

namespace Leasehold.Api.Tests.Watches;

/// <summary>Following an object over HTTP: a written event per accepted write; a reset when versions were missed.</summary>
[Collection(SharedServerCollection.Name)]
public sealed class ObjectWatchTests(SharedServer shared)
{
    private readonly ApiServer _server = shared.Server;

    private static string NewName() => $"obj-{Guid.NewGuid():N}";

    [Fact]
    public async Task A_watch_tells_each_accepted_write_with_its_version_and_fence_and_not_a_refused_one()
    {
        var key = NewName();
        await using var watch = await EventStream.OpenAsync(_server.Client, $"/v1/objects/{key}/watch");
        var start = await watch.NextAsync("reset");
        Assert.Equal(0, start.Id);
        Assert.False(start.Data.GetProperty("object").GetProperty("exists").GetBoolean());

        var old = await _server.AcquireOkAsync(key, "writer-1", 200);
        using (var first = await _server.PutObjectAsync(key, old.Token, "one"))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        var written = await watch.NextAsync("written");
        Assert.Equal(1, written.Id);
        Assert.Equal(1, written.Fence);
        Assert.Equal(3, written.Data.GetProperty("length").GetInt64());

        await Leasehold.Testing.Eventually.True(async () =>
        {
            using var next = await _server.AcquireAsync(key, "writer-2", 10_000);
            return next.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(10), "the first lease to expire");
        var newer = await _server.AcquireOkAsync(key, "writer-2", 10_000);
        using (await _server.PutObjectAsync(key, newer.Token, "two"))
        {
        }

        using (var stale = await _server.PutObjectAsync(key, old.Token, "stale"))
        {
            Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        }

        var second = await watch.NextAsync("written");
        Assert.Equal(2, second.Id);
        Assert.Equal(2, second.Fence);
        // The refused write changed nothing, so nothing more is told.
        using var poll = await _server.Client.GetAsync($"/v1/objects/{key}/watch?index=2&wait=200ms");
        Assert.Equal(0, JsonDocument.Parse(await poll.Content.ReadAsStringAsync()).RootElement.GetProperty("events").GetArrayLength());
    }

    [Fact]
    public async Task A_watcher_one_version_behind_gets_that_write_and_one_further_behind_a_reset()
    {
        var key = NewName();
        var lease = await _server.AcquireOkAsync(key, "writer", 10_000);
        for (var i = 1; i <= 3; i++)
        {
            using var _ = await _server.PutObjectAsync(key, lease.Token, $"v{i}");
        }

        await using (var behindByOne = await EventStream.OpenAsync(_server.Client, $"/v1/objects/{key}/watch", lastEventId: 2))
        {
            Assert.Equal(3, (await behindByOne.NextAsync("written")).Id);
        }

        await using var behind = await EventStream.OpenAsync(_server.Client, $"/v1/objects/{key}/watch", lastEventId: 1);
        var reset = await behind.NextAsync("reset");
        Assert.Equal("behind", reset.Reason);
        Assert.Equal(3, reset.Id);
        Assert.Equal(3, reset.Data.GetProperty("object").GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Long_poll_on_an_object_answers_after_the_next_write_with_its_version_in_the_index_header()
    {
        var key = NewName();
        var lease = await _server.AcquireOkAsync(key, "writer", 10_000);

        var poll = _server.Client.GetAsync($"/v1/objects/{key}/watch?index=0&wait=60s");
        var hub = _server.App.Services.GetRequiredService<Leasehold.Api.Watches.ObjectWatchHub>();
        await Leasehold.Testing.Eventually.True(() => hub.IsFollowed(key), TimeSpan.FromSeconds(10), "the long poll to subscribe");
        using (await _server.PutObjectAsync(key, lease.Token, "hello"))
        {
        }

        using var response = await poll.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal("1", response.Headers.GetValues("X-Leasehold-Index").Single());
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("written", body.GetProperty("events")[0].GetProperty("kind").GetString());
        Assert.True(body.GetProperty("object").GetProperty("exists").GetBoolean());
    }

    [Fact]
    public async Task A_watch_tells_an_accepted_delete_as_deleted_with_its_version_and_fence()
    {
        var key = NewName();
        var lease = await _server.AcquireOkAsync(key, "deleter", 10_000);
        using (var first = await _server.PutObjectAsync(key, lease.Token, "one"))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        await using var watch = await EventStream.OpenAsync(_server.Client, $"/v1/objects/{key}/watch", lastEventId: 1);
        using (var delete = new HttpRequestMessage(HttpMethod.Delete, $"/v1/objects/{key}"))
        {
            delete.Headers.TryAddWithoutValidation("Fencing-Token", lease.Token);
            using var deleted = await _server.Client.SendAsync(delete);
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        }

        var gone = await watch.NextAsync("deleted");
        Assert.Equal(2, gone.Id);
        Assert.Equal(lease.Fence, gone.Fence);
    }
}
