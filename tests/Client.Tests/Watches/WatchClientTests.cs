using System.Threading.Channels;

namespace Leasehold.Client.Tests.Watches;

/// <summary>The client's watches against a real server: events in order, resumption after a broken connection, refusals as exceptions.</summary>
[Collection(ServerCollection.Name)]
public sealed class WatchClientTests(LeaseholdServer server) : IDisposable
{
    private readonly LeaseholdClient _client = server.CreateClient();
    private readonly CancellationTokenSource _stop = new(TimeSpan.FromSeconds(60));

    /// <summary>Reads the watch into a channel in the background, so the test can wait for each event with a bound.</summary>
    private static ChannelReader<T> Follow<T>(IAsyncEnumerable<T> events)
    {
        var channel = Channel.CreateUnbounded<T>();
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in events)
                {
                    await channel.Writer.WriteAsync(e);
                }

                channel.Writer.Complete();
            }
            catch (Exception error)
            {
                channel.Writer.Complete(error);
            }
        });
        return channel.Reader;
    }

    private static async Task<T> NextAsync<T>(ChannelReader<T> events) =>
        await events.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));

    [Fact]
    public async Task WatchLeaseAsync_starts_with_a_reset_and_yields_each_change_with_growing_ids()
    {
        var resource = Names.Fresh("watched");
        var events = Follow(_client.WatchLeaseAsync(resource, cancellationToken: _stop.Token));
        var reset = await NextAsync(events);
        Assert.Equal(LeaseEventKind.Reset, reset.Kind);
        Assert.Equal("start", reset.ResetReason);
        Assert.False(reset.Lease!.Held);

        var lease = await _client.AcquireAsync(resource, "alice", TimeSpan.FromSeconds(30));
        await _client.RenewAsync(resource, lease.LeaseId);
        await _client.ReleaseAsync(resource, lease.LeaseId);

        var changes = new[] { await NextAsync(events), await NextAsync(events), await NextAsync(events) };
        Assert.Equal([LeaseEventKind.Granted, LeaseEventKind.Renewed, LeaseEventKind.Released], changes.Select(c => c.Kind));
        Assert.Equal([1L, 2, 3], changes.Select(c => c.Id));
        Assert.All(changes, c => Assert.Equal(("alice", 1L), (c.Holder, c.Fence!.Value)));
    }

    [Fact]
    public async Task A_watch_whose_connection_breaks_reconnects_with_the_last_event_id_and_misses_nothing()
    {
        var resource = Names.Fresh("rewatched");
        var handler = new BreakableStreamHandler();
        using var http = new HttpClient(handler) { BaseAddress = server.Endpoint, Timeout = Timeout.InfiniteTimeSpan };
        using var client = new LeaseholdClient(http);
        var events = Follow(client.WatchLeaseAsync(resource, cancellationToken: _stop.Token));
        Assert.Equal(LeaseEventKind.Reset, (await NextAsync(events)).Kind);
        var lease = await _client.AcquireAsync(resource, "alice", TimeSpan.FromSeconds(30));
        Assert.Equal(LeaseEventKind.Granted, (await NextAsync(events)).Kind);

        handler.BreakAll();
        // While the watch is cut off, the lease changes twice.
        await _client.RenewAsync(resource, lease.LeaseId);
        await _client.ReleaseAsync(resource, lease.LeaseId);

        var renewed = await NextAsync(events);
        var released = await NextAsync(events);
        Assert.Equal((LeaseEventKind.Renewed, 2L), (renewed.Kind, renewed.Id));
        Assert.Equal((LeaseEventKind.Released, 3L), (released.Kind, released.Id));
        Assert.Contains("1", handler.LastEventIds);
        Assert.Null(handler.LastEventIds[0]);
    }

    [Fact]
    public async Task WatchObjectAsync_yields_each_write_with_its_version_and_fence()
    {
        var key = Names.Fresh("watched-object");
        var events = Follow(_client.WatchObjectAsync(key, cancellationToken: _stop.Token));
        Assert.Equal(ObjectEventKind.Reset, (await NextAsync(events)).Kind);
        var lease = await _client.AcquireAsync(key, "alice", TimeSpan.FromSeconds(30));

        await _client.PutObjectAsync(key, "hello"u8.ToArray(), lease.Token, "text/plain");

        var written = await NextAsync(events);
        Assert.Equal((ObjectEventKind.Written, 1L, 1L, 5L), (written.Kind, written.Version!.Value, written.Fence!.Value, written.Length!.Value));
    }

    [Fact]
    public async Task A_watch_the_server_refuses_ends_with_its_exception()
    {
        var events = Follow(_client.WatchLeaseAsync("not a valid name!", cancellationToken: _stop.Token));

        var closed = await Assert.ThrowsAsync<ChannelClosedException>(() => NextAsync(events));
        var error = Assert.IsType<LeaseholdException>(closed.InnerException);
        Assert.Equal(400, error.Status);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        _client.Dispose();
    }
}
