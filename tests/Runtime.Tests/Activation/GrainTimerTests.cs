using System.Collections.Concurrent;
using Leasehold.Runtime.Tests.TestGrains;
using Leasehold.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Leasehold.Runtime.Tests.Activation;

/// <summary>
/// Once AdvanceAndRunDueTimersAsync returns, every timer that came due has fired and its tick is queued;
/// a later call to the grain queues behind it and serves as a barrier.
/// </summary>
public sealed class GrainTimerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_tick_runs_as_a_turn_and_waits_for_the_call_in_progress()
    {
        var time = new FakeTimeProvider();
        await using var silo = await TestSilo.StartAsync(time);
        var grain = silo.Grains.GetGrain<ITimerGrain>("turns");
        await grain.StartTimerAsync(Second, Second);
        var call = grain.BlockAsync("timer-gate");
        await silo.Probe.Gate("timer-gate:entered").WaitAsync(Timeout);

        await time.AdvanceAndRunDueTimersAsync(Second, Timeout);

        Assert.Equal(0, silo.Probe.Count("turns:ticks"));
        silo.Probe.Open("timer-gate");
        await call.WaitAsync(Timeout);
        Assert.Equal(1, await grain.GetTicksAsync());
        Assert.Equal((false, 1), await grain.GetOverlapAsync());
    }

    [Fact]
    public async Task A_periodic_timer_ticks_once_per_period()
    {
        var time = new FakeTimeProvider();
        await using var silo = await TestSilo.StartAsync(time);
        var grain = silo.Grains.GetGrain<ITimerGrain>("periodic");
        await grain.StartTimerAsync(Second, Second);

        for (var expected = 1; expected <= 3; expected++)
        {
            await time.AdvanceAndRunDueTimersAsync(Second, Timeout);
            Assert.Equal(expected, await grain.GetTicksAsync());
        }
    }

    [Fact]
    public async Task A_disposed_timer_stops_ticking()
    {
        var time = new FakeTimeProvider();
        await using var silo = await TestSilo.StartAsync(time);
        var grain = silo.Grains.GetGrain<ITimerGrain>("disposed");
        await grain.StartTimerAsync(Second, Second);
        await time.AdvanceAndRunDueTimersAsync(Second, Timeout);
        Assert.Equal(1, await grain.GetTicksAsync());

        await grain.StopTimerAsync();
        await time.AdvanceAndRunDueTimersAsync(5 * Second, Timeout);

        Assert.Equal(1, await grain.GetTicksAsync());
    }

    [Fact]
    public async Task A_timer_stops_ticking_when_its_activation_is_deactivated()
    {
        var time = new FakeTimeProvider();
        await using var silo = await TestSilo.StartAsync(time);
        var gone = new ConcurrentBag<string>();
        silo.Activations.Deactivated += (grainId, _) => gone.Add(grainId.Key);
        var grain = silo.Grains.GetGrain<ITimerGrain>("deactivated");
        await grain.StartTimerAsync(Second, Second);
        await time.AdvanceAndRunDueTimersAsync(Second, Timeout);
        Assert.Equal(1, await grain.GetTicksAsync());

        // The answer to the last call may come back a moment before its turn is counted as over.
        await Eventually.True(() => silo.Activations.CollectIdle(TimeSpan.Zero) == 1, Timeout, "the activation is collected");
        await Eventually.True(() => gone.Contains("deactivated"), Timeout, "the activation is deactivated");
        await time.AdvanceAndRunDueTimersAsync(5 * Second, Timeout);

        // This call activates the grain again, without a timer; it reads the count of every activation.
        Assert.Equal(1, await grain.GetTicksAsync());
    }

    [Fact]
    public async Task A_timer_that_comes_due_while_its_activation_is_activating_keeps_ticking()
    {
        var time = new FakeTimeProvider();
        await using var silo = await TestSilo.StartAsync(time);
        silo.Probe.Set("early:timer-on-activate");
        silo.Probe.Set("early:hold-activation");
        var grain = silo.Grains.GetGrain<ITimerGrain>("early");
        var first = grain.GetTicksAsync();
        await silo.Probe.Gate("early:activating").WaitAsync(Timeout);

        await time.AdvanceAndRunDueTimersAsync(Second, Timeout);
        silo.Probe.Open("early:activation");

        // The tick that came due during activation runs right after it, behind the call that was waiting.
        Assert.Equal(0, await first.WaitAsync(Timeout));
        Assert.Equal(1, await grain.GetTicksAsync());
        await time.AdvanceAndRunDueTimersAsync(Second, Timeout);
        Assert.Equal(2, await grain.GetTicksAsync());
        await time.AdvanceAndRunDueTimersAsync(Second, Timeout);
        Assert.Equal(3, await grain.GetTicksAsync());
    }
}
