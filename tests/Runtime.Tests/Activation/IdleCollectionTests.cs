using System.Collections.Concurrent;
using Leasehold.Runtime.Tests.TestGrains;
using Leasehold.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Leasehold.Runtime.Tests.Activation;

/// <summary>
/// The collector runs on a PeriodicTimer of the silo's TimeProvider, so moving the FakeTimeProvider
/// runs collection passes. Time moves in steps until the expected collection is seen: the answer to a
/// call can arrive a moment before its turn is counted as over, so one jump could land just short.
/// </summary>
public sealed class IdleCollectionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan CollectionAge = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Quantum = TimeSpan.FromSeconds(10);

    private static readonly Dictionary<string, string?> Collection = new()
    {
        ["Cluster:Activation:CollectionAge"] = "00:01:00",
        ["Cluster:Activation:CollectionQuantum"] = "00:00:10",

        // A call kept busy across the collection age must not time out meanwhile.
        ["Cluster:Messaging:CallTimeout"] = "00:10:00",
    };

    [Fact]
    public async Task An_idle_activation_is_collected_and_the_next_call_activates_it_again()
    {
        var time = new FakeTimeProvider();
        await using var silo = await TestSilo.StartAsync(time, Collection);
        var collected = Watch(silo);
        var grain = silo.Grains.GetGrain<ILifecycleGrain>("idle");
        Assert.Equal(1, await grain.PingAsync());
        var lastUsed = time.GetTimestamp();

        await AdvanceUntilAsync(time, Quantum, () => collected.Contains(("idle", DeactivationReason.IdleCollection)), "the idle activation is collected");

        Assert.True(time.GetElapsedTime(lastUsed) >= CollectionAge, $"collected after {time.GetElapsedTime(lastUsed)} idle");
        Assert.Contains("deactivate:IdleCollection", silo.Probe.EventsOf("idle"));
        Assert.Equal(2, await grain.PingAsync());
    }

    [Fact]
    public async Task An_activation_used_within_the_collection_age_is_not_collected()
    {
        var time = new FakeTimeProvider();
        await using var silo = await TestSilo.StartAsync(time, Collection);
        var grain = silo.Grains.GetGrain<ILifecycleGrain>("recent");
        await grain.PingAsync();

        time.Advance(CollectionAge - TimeSpan.FromSeconds(1));

        Assert.Equal(0, silo.Activations.CollectIdle(CollectionAge));
        Assert.Equal(1, await grain.PingAsync());
    }

    [Fact]
    public async Task DelayDeactivation_keeps_an_idle_activation_until_the_period_ends()
    {
        var time = new FakeTimeProvider();
        await using var silo = await TestSilo.StartAsync(time, Collection);
        var collected = Watch(silo);
        var kept = silo.Grains.GetGrain<ILifecycleGrain>("kept");
        await kept.KeepAliveAsync(TimeSpan.FromHours(1));
        var keptSince = time.GetTimestamp();
        await silo.Grains.GetGrain<ILifecycleGrain>("witness").PingAsync();

        // The witness shows that collection passes saw both activations idle for longer than the age.
        await AdvanceUntilAsync(time, Quantum, () => collected.Contains(("witness", DeactivationReason.IdleCollection)), "the witness is collected");
        Assert.Equal(0, silo.Activations.CollectIdle(CollectionAge));
        Assert.DoesNotContain(collected, c => c.Key == "kept");

        await AdvanceUntilAsync(time, TimeSpan.FromMinutes(1), () => collected.Contains(("kept", DeactivationReason.IdleCollection)), "the kept activation is collected once its period ends");
        Assert.True(time.GetElapsedTime(keptSince) >= TimeSpan.FromHours(1), $"collected {time.GetElapsedTime(keptSince)} after asking for an hour");
        Assert.Equal(2, await kept.PingAsync());
    }

    [Fact]
    public async Task A_busy_activation_is_not_collected()
    {
        var time = new FakeTimeProvider();
        await using var silo = await TestSilo.StartAsync(time, Collection);
        var collected = Watch(silo);
        var busy = silo.Grains.GetGrain<ILifecycleGrain>("busy");
        await busy.PingAsync();
        var call = busy.BlockAsync("busy-gate");
        await silo.Probe.Gate("busy-gate:entered").WaitAsync(Timeout);
        await silo.Grains.GetGrain<ILifecycleGrain>("witness").PingAsync();

        await AdvanceUntilAsync(time, Quantum, () => collected.Contains(("witness", DeactivationReason.IdleCollection)), "the witness is collected");
        Assert.Equal(0, silo.Activations.CollectIdle(CollectionAge));
        Assert.DoesNotContain(collected, c => c.Key == "busy");

        silo.Probe.Open("busy-gate");
        await call.WaitAsync(Timeout);
        await AdvanceUntilAsync(time, Quantum, () => collected.Contains(("busy", DeactivationReason.IdleCollection)), "the activation is collected once idle");
    }

    [Fact]
    public async Task A_grain_timer_does_not_keep_its_activation_alive()
    {
        var time = new FakeTimeProvider();
        await using var silo = await TestSilo.StartAsync(time, Collection);
        var collected = Watch(silo);

        // The timer ticks well within every collection age. Its period is not a multiple of the
        // quantum, so most collection passes do not find a tick queued at that moment.
        var period = TimeSpan.FromSeconds(25);
        await silo.Grains.GetGrain<ITimerGrain>("ticking").StartTimerAsync(period, period);

        await AdvanceUntilAsync(time, Quantum, () => collected.Contains(("ticking", DeactivationReason.IdleCollection)), "the activation whose only activity is its timer is collected");
        Assert.True(silo.Probe.Count("ticking:ticks") > 0);
    }

    /// <summary>Records every deactivation of the silo as (grain key, reason).</summary>
    private static ConcurrentBag<(string Key, DeactivationReason Reason)> Watch(TestSilo silo)
    {
        var collected = new ConcurrentBag<(string, DeactivationReason)>();
        silo.Activations.Deactivated += (grainId, reason) => collected.Add((grainId.Key, reason));
        return collected;
    }

    private static Task AdvanceUntilAsync(FakeTimeProvider time, TimeSpan step, Func<bool> condition, string because) =>
        Eventually.True(
            () =>
            {
                if (condition())
                {
                    return true;
                }

                time.Advance(step);
                return false;
            },
            Timeout,
            because);
}
