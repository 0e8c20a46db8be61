using Leasehold.Grains.Sessions;
using Leasehold.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Leasehold.Grains.Tests.Sessions;

/// <summary>
/// Two silos that disagree about membership may both activate one session grain (Orleans can briefly run two activations
/// while membership changes; a silo declared dead runs on until it reads the table). Each then times the session on its
/// own copy: the stale one's clock says the session is over at its old end, and only the compare-and-swap on the stored
/// ETag tells it of a keep-alive the other made. It must then decide again on what it re-reads, never end the session on
/// the strength of its old reading.
/// </summary>
public sealed class SessionDuplicateActivationTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Uncertainty = TimeSpan.FromSeconds(1);
    private static readonly string[] Resources = ["orders", "billing"];

    [Fact]
    public async Task A_stale_activation_never_expires_a_session_the_other_kept_alive()
    {
        using var database = new TempDatabase();
        var (leftTime, rightTime) = (new FakeTimeProvider(), new FakeTimeProvider());
        await using var leftSilo = await StartAsync(database, leftTime, "view-a");
        await using var rightSilo = await StartAsync(database, rightTime, "view-b");
        var id = SessionIds.New();
        var left = leftSilo.Grains.GetGrain<ISessionGrain>(id);
        var right = rightSilo.Grains.GetGrain<ISessionGrain>(id);
        void Advance(TimeSpan by)
        {
            leftTime.Advance(by);
            rightTime.Advance(by);
        }

        Assert.IsType<SessionResult.Open>(await left.OpenAsync(new OpenSession("batch", Ttl)));
        var fences = new Dictionary<string, long>();
        foreach (var resource in Resources)
        {
            var acquired = Assert.IsType<SessionResult.Acquired>(await left.AcquireAsync(resource, TimeSpan.Zero));
            fences[resource] = Assert.IsType<LeaseResult.Granted>(acquired.Lease).Lease.Fence;
        }

        // The right activation takes the session over from storage now: open until its stored end plus the clock bound.
        Assert.True((await right.GetAsync())!.Open);

        // 8 s on, the left keeps it alive: its new end is 18 s from the start. The right's copy still ends at 11 s.
        Advance(TimeSpan.FromSeconds(8));
        var kept = Assert.IsType<SessionResult.Open>(await left.KeepAliveAsync()).Session;

        // 12 s from the start the right's old reading is past: its expiry timer fires, and a read there runs the same check.
        // It loses the compare-and-swap, re-reads, and finds the session kept alive: open until the new end, every lease in it.
        Advance(TimeSpan.FromSeconds(4));
        var seen = (await right.GetAsync())!;
        Assert.True(seen.Open, $"the stale activation ended a session kept alive until {kept.ExpiresAtUtc} ({seen.EndReason})");
        Assert.Null(seen.EndReason);
        Assert.Equal(kept.ExpiresAtUtc, seen.ExpiresAtUtc);
        Assert.Equal(fences.OrderBy(f => f.Key), seen.Leases.Select(l => KeyValuePair.Create(l.Resource, l.Fence)).OrderBy(f => f.Key));

        // Its leases are still durably held by the session's holder: lease activations new on the right read them from storage.
        foreach (var resource in Resources)
        {
            var lease = await rightSilo.Lease(resource).GetAsync();
            Assert.True(lease.Held, $"{resource} was released while its session was kept alive");
            Assert.Equal(("batch", fences[resource]), (lease.Holder, lease.Fence));
        }

        // Just before the new end it is still open; after it, it ends by expiry with every lease.
        Advance(TimeSpan.FromSeconds(5.5));
        Assert.True((await left.GetAsync())!.Open);
        Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(SessionGrain.Expired, (await left.GetAsync())!.EndReason);
        foreach (var resource in Resources)
        {
            Assert.False((await leftSilo.Lease(resource).GetAsync()).Held, $"{resource} ended with its session");
        }

        // Past its own end (the new end plus the clock bound), the right finds the end by its lost compare-and-swap.
        Advance(TimeSpan.FromSeconds(1));
        var ended = (await right.GetAsync())!;
        Assert.Equal((false, SessionGrain.Expired), (ended.Open, ended.EndReason));
    }

    [Fact]
    public async Task An_activation_made_before_the_open_finds_the_session_another_opened_instead_of_answering_not_found()
    {
        using var database = new TempDatabase();
        await using var leftSilo = await StartAsync(database, new FakeTimeProvider(), "view-a");
        await using var rightSilo = await StartAsync(database, new FakeTimeProvider(), "view-b");
        var id = SessionIds.New();
        var left = leftSilo.Grains.GetGrain<ISessionGrain>(id);
        var right = rightSilo.Grains.GetGrain<ISessionGrain>(id);

        // The right activates first, on an id nobody opened yet: its copy knows no session.
        Assert.Null(await right.GetAsync());

        // The session is opened, and a lease taken in it, through the left.
        Assert.IsType<SessionResult.Open>(await left.OpenAsync(new OpenSession("batch", Ttl)));
        var acquired = Assert.IsType<SessionResult.Acquired>(await left.AcquireAsync("orders", TimeSpan.Zero));
        var fence = Assert.IsType<LeaseResult.Granted>(acquired.Lease).Lease.Fence;

        // Through the right, the session exists: a keep-alive keeps it and its lease, and a close ends them.
        var kept = Assert.IsType<SessionResult.Open>(await right.KeepAliveAsync()).Session;
        Assert.Equal([("orders", fence)], kept.Leases.Select(l => (l.Resource, l.Fence)));
        Assert.Equal(1, Assert.IsType<SessionResult.Closed>(await right.CloseAsync()).Released);
        Assert.False((await rightSilo.Lease("orders").GetAsync()).Held, "the close through the right released the session's lease");
    }

    /// <summary>A silo of its own cluster on the shared database: its membership view holds only itself, so it activates its own copy of the session.</summary>
    private static Task<TestSilo> StartAsync(TempDatabase database, FakeTimeProvider time, string clusterId) =>
        TestSilo.StartAsync(database, time, new Dictionary<string, string?>
        {
            ["Cluster:ClusterId"] = clusterId,
            ["Leases:ClockUncertainty"] = Uncertainty.ToString(),
        });
}
