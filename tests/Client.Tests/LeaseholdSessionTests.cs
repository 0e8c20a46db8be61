using System.Text;
using Leasehold.Testing;

namespace Leasehold.Client.Tests;

/// <summary>
/// LeaseholdSession against a real server: keep-alives carry every lease, dispose releases them all, loss is signalled,
/// also when the holder is cut off from the server.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class LeaseholdSessionTests(LeaseholdServer server) : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly LeaseholdClient _client = server.CreateClient();

    [Fact]
    public async Task A_session_keeps_its_leases_past_its_ttl_and_dispose_releases_them_all()
    {
        var ttl = TimeSpan.FromMilliseconds(1500);
        var session = await _client.SessionAsync(new LeaseholdSessionOptions { Ttl = ttl });
        var resources = new[] { Names.Fresh("session-a"), Names.Fresh("session-b") };
        var leases = new List<Lease>();
        foreach (var resource in resources)
        {
            leases.Add(await session.AcquireAsync(resource));
        }

        // Keep-alives, not luck: the session's server-side state is still open more than two TTLs later.
        var started = TimeProvider.System.GetTimestamp();
        await Eventually.True(() => TimeProvider.System.GetElapsedTime(started) > 2 * ttl, Bound, "two TTLs to pass");
        Assert.False(session.IsLost, session.LostReason);
        var seen = await session.GetAsync();
        Assert.True(seen!.Open);
        Assert.Equal(resources.Order(StringComparer.Ordinal), seen.Leases.Select(l => l.Resource).Order(StringComparer.Ordinal));
        foreach (var (resource, lease) in resources.Zip(leases))
        {
            var state = await _client.GetLeaseAsync(resource);
            Assert.True(state.Held, resource);
            Assert.Equal(session.Holder, state.Holder);
            Assert.Equal(lease.Fence, state.Fence);
        }

        await session.DisposeAsync();
        Assert.True(session.SessionLost.IsCancellationRequested);
        Assert.Throws<SessionLostException>(session.ThrowIfLost);
        foreach (var resource in resources)
        {
            Assert.False((await _client.GetLeaseAsync(resource)).Held, resource);
        }

        Assert.Equal("closed", (await _client.GetSessionAsync(session.SessionId))!.EndReason);
    }

    [Fact]
    public async Task SessionLost_fires_when_the_server_ended_the_session_and_its_leases_writes_are_then_refused()
    {
        var resource = Names.Fresh("session-lost");
        // A long TTL with frequent keep-alives: the server's answer, not the local deadline, is what ends it here.
        var session = await _client.SessionAsync(new LeaseholdSessionOptions { Ttl = TimeSpan.FromSeconds(30), KeepAliveFraction = 0.03 });
        await using (session)
        {
            var lease = await session.AcquireAsync(resource);
            await _client.PutObjectAsync(resource, Encoding.UTF8.GetBytes("first"), lease.Token);

            // Someone with the session id closes it behind its back; the next keep-alive is refused.
            var closed = await _client.CloseSessionAsync(session.SessionId);
            Assert.Equal(1, closed.ReleasedLeases);
            await WhenCancelled(session.SessionLost).WaitAsync(Bound);
            Assert.Contains("ended the session", session.LostReason, StringComparison.Ordinal);
            await Assert.ThrowsAsync<SessionLostException>(() => session.AcquireAsync(Names.Fresh("after")));

            var next = await _client.AcquireAsync(resource, "next", TimeSpan.FromSeconds(10));
            Assert.True(next.Fence > lease.Fence);
            await _client.PutObjectAsync(resource, Encoding.UTF8.GetBytes("next"), next.Token);
            await Assert.ThrowsAsync<StaleFenceException>(() => _client.PutObjectAsync(resource, Encoding.UTF8.GetBytes("late"), lease.Token));
        }
    }

    [Fact]
    public async Task A_holder_cut_off_from_the_server_loses_its_session_and_every_lease_in_it_ends_seen_by_watchers_and_its_late_writes_are_refused()
    {
        var resources = new[] { Names.Fresh("cut-a"), Names.Fresh("cut-b"), Names.Fresh("cut-c") };
        using var partition = new PartitionHandler();
        using var http = new HttpClient(partition) { BaseAddress = server.Endpoint };
        using var holder = new LeaseholdClient(http);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var session = await holder.SessionAsync(new LeaseholdSessionOptions { Ttl = TimeSpan.FromSeconds(3), KeepAliveFraction = 0.2 });
        await using (session)
        {
            var leases = new List<Lease>();
            var watches = new List<IAsyncEnumerator<LeaseEvent>>();
            foreach (var resource in resources)
            {
                leases.Add(await session.AcquireAsync(resource));
                await holder.PutObjectAsync(resource, Encoding.UTF8.GetBytes("first"), leases[^1].Token);
                var watch = _client.WatchLeaseAsync(resource, cancellationToken: stop.Token).GetAsyncEnumerator(stop.Token);
                Assert.True(await watch.MoveNextAsync().AsTask().WaitAsync(Bound));
                Assert.Equal((LeaseEventKind.Reset, session.Holder), (watch.Current.Kind, watch.Current.Lease!.Holder));
                watches.Add(watch);
            }

            // The holder's keep-alives stop reaching the server; the holder itself goes on running.
            partition.Partition();

            await WhenCancelled(session.SessionLost).WaitAsync(Bound);
            Assert.Throws<SessionLostException>(session.ThrowIfLost);

            // The server ends the session by itself, and every lease in it with it: each watcher is told of its lease's end.
            foreach (var (watch, lease) in watches.Zip(leases))
            {
                Assert.True(await watch.MoveNextAsync().AsTask().WaitAsync(Bound));
                var end = watch.Current;
                Assert.Contains(end.Kind, new[] { LeaseEventKind.Released, LeaseEventKind.Expired, LeaseEventKind.Lost });
                Assert.Equal((lease.Resource, session.Holder, lease.Fence), (end.Resource, end.Holder!, end.Fence!.Value));
                await watch.DisposeAsync();
            }

            var ended = await _client.GetSessionAsync(session.SessionId);
            Assert.Equal("expired", ended!.EndReason);
            Assert.Empty(ended.Leases);

            // New holders write; the cut-off holder's network comes back and it writes late under each of its old leases.
            partition.Heal();
            foreach (var (resource, lease) in resources.Zip(leases))
            {
                var next = await _client.AcquireAsync(resource, "next", TimeSpan.FromSeconds(10));
                Assert.True(next.Fence > lease.Fence);
                await _client.PutObjectAsync(resource, Encoding.UTF8.GetBytes("next"), next.Token);
                await Assert.ThrowsAsync<StaleFenceException>(() => holder.PutObjectAsync(resource, Encoding.UTF8.GetBytes("late"), lease.Token));
                Assert.Equal("next", Encoding.UTF8.GetString((await _client.GetObjectAsync(resource))!.Value.Span));
            }

            await Assert.ThrowsAsync<SessionLostException>(() => session.AcquireAsync(Names.Fresh("after")));
        }
    }

    [Fact]
    public async Task The_raw_calls_answer_typed_errors_for_ended_and_unknown_sessions()
    {
        var opened = await _client.OpenSessionAsync("raw", TimeSpan.FromSeconds(10));
        Assert.True(opened.Open);
        await _client.CloseSessionAsync(opened.SessionId);

        await Assert.ThrowsAsync<SessionLostException>(() => _client.KeepSessionAliveAsync(opened.SessionId));
        await Assert.ThrowsAsync<SessionLostException>(() => _client.AcquireInSessionAsync(Names.Fresh("raw"), opened.SessionId));
        Assert.Null(await _client.GetSessionAsync(Guid.NewGuid().ToString("N")));
    }

    public void Dispose() => _client.Dispose();

    private static Task WhenCancelled(CancellationToken token) => Task.Delay(Timeout.Infinite, token).ContinueWith(_ => { }, TaskScheduler.Default);
}
