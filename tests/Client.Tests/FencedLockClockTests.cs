using System.Net;
using Leasehold.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Leasehold.Client.Tests;

/// <summary>
/// LeaseLost on the local monotonic clock, with a fake clock and a stub server, so the instants are exact:
/// the deadline counts from when a request was sent, never from when its answer came.
/// </summary>
public sealed class FencedLockClockTests
{
    private static readonly FencedLockOptions Options = new() { Ttl = TimeSpan.FromMilliseconds(900), SafetyMargin = TimeSpan.FromMilliseconds(100) };

    [Fact]
    public async Task LeaseLost_is_timed_from_when_the_acquire_was_sent_not_from_when_its_answer_came()
    {
        var time = new FakeTimeProvider();
        var handler = new StubHandler(request => Path(request) switch
        {
            // The answer takes 400 ms: those count against the lease, which the server may have started at once.
            "/v1/leases/r/acquire" => Slow(time, TimeSpan.FromMilliseconds(400), StubHandler.Lease("r", 900)),
            "/v1/leases/r/renew" => StubHandler.Problem(HttpStatusCode.ServiceUnavailable, "unavailable", "database busy"),
            _ => new HttpResponseMessage(HttpStatusCode.NoContent),
        });
        using var client = Client(handler, time);

        var fencedLock = await FencedLock.AcquireAsync(client, "r", Options);
        await using (fencedLock)
        {
            Assert.Equal(TimeSpan.FromMilliseconds(400), fencedLock.TimeLeft);

            time.Advance(TimeSpan.FromMilliseconds(399));
            Assert.False(fencedLock.IsLost);

            time.Advance(TimeSpan.FromMilliseconds(1));
            Assert.True(fencedLock.LeaseLost.IsCancellationRequested);
            Assert.Contains("local monotonic clock", fencedLock.LostReason, StringComparison.Ordinal);
            Assert.Throws<LeaseLostException>(fencedLock.ThrowIfLost);
        }
    }

    [Fact]
    public async Task A_renewal_moves_the_deadline_to_its_own_send_time_plus_the_ttl()
    {
        var time = new TimerWatchingTimeProvider();
        var handler = new StubHandler(request => Path(request) switch
        {
            "/v1/leases/r/acquire" => StubHandler.Lease("r", 900),
            "/v1/leases/r/renew" => Slow(time, TimeSpan.FromMilliseconds(200), StubHandler.Lease("r", 900)),
            _ => new HttpResponseMessage(HttpStatusCode.NoContent),
        });
        using var client = Client(handler, time);

        var fencedLock = await FencedLock.AcquireAsync(client, "r", Options);
        await using (fencedLock)
        {
            var granted = fencedLock.Lease;
            Assert.Equal(TimeSpan.FromMilliseconds(800), fencedLock.TimeLeft);

            // A third of the TTL: the renewal is sent at 300 ms and answered 200 ms later.
            await RenewalArmedAsync(time);
            time.Advance(TimeSpan.FromMilliseconds(300));
            await Eventually.True(() => !ReferenceEquals(fencedLock.Lease, granted), TimeSpan.FromSeconds(10), "the renewal to be granted");

            // Deadline: sent at 300 + (900 − 100) = 1100; now is 500.
            Assert.Equal(TimeSpan.FromMilliseconds(600), fencedLock.TimeLeft);
            Assert.False(fencedLock.IsLost);
        }
    }

    [Fact]
    public async Task A_renewal_the_server_refuses_fires_LeaseLost_at_once()
    {
        var time = new TimerWatchingTimeProvider();
        var handler = new StubHandler(request => Path(request) switch
        {
            "/v1/leases/r/acquire" => StubHandler.Lease("r", 900),
            "/v1/leases/r/renew" => StubHandler.Problem(HttpStatusCode.Gone, "lease-lost", "released"),
            _ => new HttpResponseMessage(HttpStatusCode.NoContent),
        });
        using var client = Client(handler, time);

        var fencedLock = await FencedLock.AcquireAsync(client, "r", Options);
        await using (fencedLock)
        {
            await RenewalArmedAsync(time);
            time.Advance(TimeSpan.FromMilliseconds(300));
            await Eventually.True(() => fencedLock.IsLost, TimeSpan.FromSeconds(10), "the refused renewal to fire LeaseLost");
            Assert.Contains("refused", fencedLock.LostReason, StringComparison.Ordinal);
            Assert.True(fencedLock.TimeLeft == TimeSpan.Zero);
        }
    }

    [Fact]
    public async Task Options_that_leave_no_time_to_renew_are_refused()
    {
        using var client = Client(new StubHandler(_ => StubHandler.Lease("r", 900)), new FakeTimeProvider());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => FencedLock.AcquireAsync(client, "r", Options with { SafetyMargin = TimeSpan.FromMilliseconds(700) }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => FencedLock.AcquireAsync(client, "r", Options with { RenewFraction = 1 }));
    }

    private static string Path(HttpRequestMessage request) => request.RequestUri!.AbsolutePath;

    /// <summary>Waits until the lock's renewal loop, which runs on its own, has armed its timer for the renewal at a third of the TTL.</summary>
    private static Task RenewalArmedAsync(TimerWatchingTimeProvider time) =>
        Eventually.True(() => time.HasTimerDueWithin(Options.Ttl / 3), TimeSpan.FromSeconds(10), "the renewal loop to arm its timer");

    private static HttpResponseMessage Slow(FakeTimeProvider time, TimeSpan by, HttpResponseMessage response)
    {
        time.Advance(by);
        return response;
    }

    private static LeaseholdClient Client(StubHandler handler, TimeProvider time) => new(
        new HttpClient(handler) { BaseAddress = new Uri("http://stub.invalid/") },
        new LeaseholdClientOptions { TimeProvider = time, Retry = RetryPolicy.None });
}
