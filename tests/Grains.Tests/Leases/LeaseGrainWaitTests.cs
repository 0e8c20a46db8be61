using System.Diagnostics.Metrics;
using Leasehold.Diagnostics;
using Leasehold.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Leasehold.Grains.Tests.Leases;

/// <summary>
/// Acquire with a wait parks the caller in a first-come-first-served line. The manual clock stands
/// still unless a test moves it, so a waiter granted without moving it was granted before its wait ended.
/// </summary>
public sealed class LeaseGrainWaitTests(SharedSilo shared) : SiloTest(shared)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan LongWait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_waiter_is_granted_as_soon_as_the_holder_releases()
    {
        var grain = Lease("orders");
        var held = await grain.AcquireGrantedAsync("worker-1", Ttl);
        var waiting = await WaitInLineAsync(grain, "worker-2", expectedWaiters: 1);

        await grain.ReleaseReleasedAsync(held);

        var granted = Assert.IsType<LeaseResult.Granted>(await waiting.WaitAsync(Timeout)).Lease;
        Assert.Equal(("worker-2", held.Fence + 1), (granted.Holder, granted.Fence));
        Assert.Equal(0, (await grain.GetAsync()).Waiters);
    }

    [Fact]
    public async Task A_waiters_time_in_line_is_measured_with_how_the_wait_ended()
    {
        var instruments = Silo.Services.GetRequiredService<LeaseholdInstruments>();
        var waits = new System.Collections.Concurrent.ConcurrentQueue<(double Seconds, object? Outcome)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter == instruments.Meter && instrument.Name == "leasehold.lease.wait.duration")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, seconds, tags, _) =>
            waits.Enqueue((seconds, tags.ToArray().Single(t => t.Key == LeaseholdInstruments.WaitOutcomeAttribute).Value)));
        listener.Start();
        var grain = Lease("measured");
        await grain.AcquireGrantedAsync("worker-1", TimeSpan.FromSeconds(10));
        var waiting = await WaitInLineAsync(grain, "worker-2", expectedWaiters: 1);

        Time.Advance(TimeSpan.FromSeconds(10));

        Assert.IsType<LeaseResult.Granted>(await waiting.WaitAsync(Timeout));
        var (seconds, outcome) = Assert.Single(waits);
        Assert.Equal("granted", outcome);
        Assert.True(seconds >= 10, $"the wait measured {seconds} s, not the 10 s the clock moved while it waited");
    }

    [Fact]
    public async Task A_waiter_is_granted_when_the_lease_expires()
    {
        var grain = Lease("orders");
        var held = await grain.AcquireGrantedAsync("worker-1", TimeSpan.FromSeconds(10));
        var waiting = await WaitInLineAsync(grain, "worker-2", expectedWaiters: 1);

        Time.Advance(TimeSpan.FromSeconds(10));

        var granted = Assert.IsType<LeaseResult.Granted>(await waiting.WaitAsync(Timeout)).Lease;
        Assert.Equal(("worker-2", held.Fence + 1), (granted.Holder, granted.Fence));
    }

    [Fact]
    public async Task Waiters_are_granted_in_the_order_they_arrived()
    {
        var grain = Lease("orders");
        var lease = await grain.AcquireGrantedAsync("worker-0", Ttl);
        var line = new List<Task<LeaseResult>>();
        for (var i = 1; i <= 3; i++)
        {
            line.Add(await WaitInLineAsync(grain, $"worker-{i}", expectedWaiters: i));
        }

        var order = new List<(string Holder, long Fence)>();
        for (var i = 0; i < 3; i++)
        {
            await grain.ReleaseReleasedAsync(lease);
            var next = await Task.WhenAny(line).WaitAsync(Timeout);
            lease = Assert.IsType<LeaseResult.Granted>(await next).Lease;
            line.Remove(next);
            order.Add((lease.Holder, lease.Fence));
            Assert.Equal(line.Count, (await grain.GetAsync()).Waiters);
            Assert.All(line, waiter => Assert.False(waiter.IsCompleted));
        }

        Assert.Equal([("worker-1", 2L), ("worker-2", 3L), ("worker-3", 4L)], order);
    }

    [Fact]
    public async Task An_acquirer_that_does_not_wait_cannot_overtake_the_line()
    {
        var grain = Lease("orders");
        var held = await grain.AcquireGrantedAsync("worker-1", Ttl);
        var waiting = await WaitInLineAsync(grain, "worker-2", expectedWaiters: 1);

        await grain.ReleaseReleasedAsync(held);
        var latecomer = await grain.AcquireAsync(new AcquireLease("worker-3", Ttl, TimeSpan.Zero));

        Assert.IsType<LeaseResult.Held>(latecomer);
        Assert.Equal("worker-2", Assert.IsType<LeaseResult.Granted>(await waiting.WaitAsync(Timeout)).Lease.Holder);
    }

    [Fact]
    public async Task A_waiter_whose_wait_runs_out_is_told_the_lease_is_held()
    {
        var grain = Lease("orders");
        var held = await grain.AcquireGrantedAsync("worker-1", Ttl);
        var started = Time.GetTimestamp();
        var waiting = await WaitInLineAsync(grain, "worker-2", expectedWaiters: 1, wait: TimeSpan.FromSeconds(5));

        // Small steps: the waiter's timer may be armed a moment after it joined the line.
        await Eventually.True(
            () =>
            {
                Time.Advance(TimeSpan.FromMilliseconds(100));
                return waiting.IsCompleted;
            },
            Timeout,
            "the waiter gives up");

        var result = Assert.IsType<LeaseResult.Held>(await waiting);
        Assert.Equal(("worker-1", held.Fence), (result.Holder, result.Fence));
        var waited = Time.GetElapsedTime(started);
        Assert.InRange(waited, TimeSpan.FromSeconds(5), Ttl - TimeSpan.FromSeconds(1));
        Assert.Equal(0, (await grain.GetAsync()).Waiters);
    }

    /// <summary>Starts an acquire that waits, and returns once it stands in line at position <paramref name="expectedWaiters"/>.</summary>
    private static async Task<Task<LeaseResult>> WaitInLineAsync(ILeaseGrain grain, string holder, int expectedWaiters, TimeSpan? wait = null)
    {
        var waiting = grain.AcquireAsync(new AcquireLease(holder, Ttl, wait ?? LongWait));
        await Eventually.True(async () => (await grain.GetAsync()).Waiters == expectedWaiters, Timeout, $"{holder} waits in line");
        Assert.False(waiting.IsCompleted);
        return waiting;
    }
}
