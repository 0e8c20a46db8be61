using System.Collections.Concurrent;
using Leasehold.Runtime.Tests.TestGrains;
using Leasehold.Testing;

namespace Leasehold.Runtime.Tests.Activation;

public sealed class IdleCollectionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan CollectionAge = TimeSpan.FromMinutes(1);

    private static readonly Dictionary<string, string?> Collection = new()
    {
        ["Cluster:Activation:CollectionAge"] = "00:01:00",
        ["Cluster:Activation:CollectionQuantum"] = "00:00:10",
    };

    [Fact]
    public async Task An_idle_activation_is_collected_and_the_next_call_activates_it_again()
    {
        var time = new ManualTimeProvider();
        await using var silo = await TestSilo.StartAsync(time, Collection);
        var collected = Watch(silo);
        var grain = silo.Grains.GetGrain<ILifecycleGrain>("idle");
        Assert.Equal(1, await grain.PingAsync());

        time.Advance(CollectionAge + TimeSpan.FromSeconds(10));

        await Eventually.True(() => collected.Contains(("idle", DeactivationReason.IdleCollection)), Timeout, "the idle activation is collected");
        Assert.Contains("deactivate:IdleCollection", silo.Probe.EventsOf("idle"));
        Assert.Equal(2, await grain.PingAsync());
    }

    [Fact]
    public async Task An_activation_used_within_the_collection_age_is_not_collected()
    {
        var time = new ManualTimeProvider();
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
        var time = new ManualTimeProvider();
        await using var silo = await TestSilo.StartAsync(time, Collection);
        var collected = Watch(silo);
        var kept = silo.Grains.GetGrain<ILifecycleGrain>("kept");
        await kept.KeepAliveAsync(TimeSpan.FromMinutes(10));
        await silo.Grains.GetGrain<ILifecycleGrain>("witness").PingAsync();

        time.Advance(CollectionAge + TimeSpan.FromSeconds(10));

        // The witness shows that a collection pass saw both activations idle for longer than the age.
        await Eventually.True(() => collected.Contains(("witness", DeactivationReason.IdleCollection)), Timeout, "the witness is collected");
        Assert.Equal(0, silo.Activations.CollectIdle(CollectionAge));
        Assert.DoesNotContain(collected, c => c.Key == "kept");

        time.Advance(TimeSpan.FromMinutes(10));

        await Eventually.True(() => collected.Contains(("kept", DeactivationReason.IdleCollection)), Timeout, "the kept activation is collected once its period ends");
        Assert.Equal(2, await kept.PingAsync());
    }

    [Fact]
    public async Task A_busy_activation_is_not_collected()
    {
        var time = new ManualTimeProvider();
        await using var silo = await TestSilo.StartAsync(time, Collection);
        var collected = Watch(silo);
        var busy = silo.Grains.GetGrain<ILifecycleGrain>("busy");
        await busy.PingAsync();
        var call = busy.BlockAsync("busy-gate");
        await silo.Probe.Gate("busy-gate:entered").WaitAsync(Timeout);
        await silo.Grains.GetGrain<ILifecycleGrain>("witness").PingAsync();

        time.Advance(CollectionAge + TimeSpan.FromSeconds(10));

        await Eventually.True(() => collected.Contains(("witness", DeactivationReason.IdleCollection)), Timeout, "the witness is collected");
        Assert.Equal(0, silo.Activations.CollectIdle(CollectionAge));
        Assert.DoesNotContain(collected, c => c.Key == "busy");

        silo.Probe.Open("busy-gate");
        await call.WaitAsync(Timeout);
        time.Advance(CollectionAge + TimeSpan.FromSeconds(10));

        await Eventually.True(() => collected.Contains(("busy", DeactivationReason.IdleCollection)), Timeout, "the activation is collected once idle");
    }

    [Fact]
    public async Task A_grain_timer_does_not_keep_its_activation_alive()
    {
        var time = new ManualTimeProvider();
        await using var silo = await TestSilo.StartAsync(time, Collection);
        var collected = Watch(silo);
        await silo.Grains.GetGrain<ITimerGrain>("ticking").StartTimerAsync(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));

        // Time moves in steps, so the timer keeps ticking the whole while.
        await Eventually.True(
            () =>
            {
                time.Advance(TimeSpan.FromSeconds(10));
                return collected.Contains(("ticking", DeactivationReason.IdleCollection));
            },
            Timeout,
            "the activation whose only activity is its timer is collected");
        Assert.True(silo.Probe.Count("ticking:ticks") > 0);
    }

    /// <summary>Records every deactivation of the silo as (grain key, reason).</summary>
    private static ConcurrentBag<(string Key, DeactivationReason Reason)> Watch(TestSilo silo)
    {
        var collected = new ConcurrentBag<(string, DeactivationReason)>();
        silo.Activations.Deactivated += (grainId, reason) => collected.Add((grainId.Key, reason));
        return collected;
    }
}
