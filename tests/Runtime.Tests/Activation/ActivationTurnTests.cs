using Leasehold.Runtime.Tests.TestGrains;
using Leasehold.Testing;

namespace Leasehold.Runtime.Tests.Activation;

public sealed class ActivationTurnTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Calls_to_one_activation_run_one_turn_at_a_time()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ITurnGrain>("one-turn");

        await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => grain.TakeTurnAsync(yields: 5))));

        var stats = await grain.GetStatsAsync();
        Assert.Equal(1, stats.MaxConcurrentTurns);
        Assert.Equal(1, stats.MaxConcurrentThreads);
    }

    [Fact]
    public async Task A_turn_that_awaits_a_storage_write_keeps_the_activation_until_it_is_durable()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ITurnGrain>("storage-turns");

        // Overlapping turns would present the same ETag twice and one write would fail.
        await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() => grain.IncrementStoredAsync())));

        var stats = await grain.GetStatsAsync();
        Assert.Equal(1, stats.MaxConcurrentTurns);
        Assert.Equal(40, stats.StoredCounter);
    }

    [Fact]
    public async Task A_call_waits_for_the_turn_that_is_blocked_ahead_of_it()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ITurnGrain>("queued");

        var blocked = grain.BlockAsync("queued-gate");
        await silo.Probe.Gate("queued-gate:entered").WaitAsync(Timeout);
        var queued = grain.TakeTurnAsync(yields: 0);

        // An interleaving call sent after it completes at once; a runtime that let the queued call in would have started it by then.
        await grain.PeekAsync(yields: 0).WaitAsync(Timeout);
        Assert.False(queued.IsCompleted);

        silo.Probe.Open("queued-gate");
        await Task.WhenAll(blocked, queued).WaitAsync(Timeout);
        Assert.Equal(["block-start", "peek", "block-end", "turn"], silo.Probe.EventsOf("queued"));
    }

    [Fact]
    public async Task An_always_interleave_call_completes_while_a_turn_is_blocked()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ITurnGrain>("interleave");

        var blocked = grain.BlockAsync("interleave-gate");
        await silo.Probe.Gate("interleave-gate:entered").WaitAsync(Timeout);

        await grain.PeekAsync(yields: 3).WaitAsync(Timeout);
        Assert.False(blocked.IsCompleted);

        silo.Probe.Open("interleave-gate");
        await blocked.WaitAsync(Timeout);
    }

    [Fact]
    public async Task Interleaving_calls_never_run_on_two_threads_at_once()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ITurnGrain>("threads");

        var calls = Enumerable.Range(0, 64)
            .Select(i => Task.Run(() => i % 2 == 0 ? grain.PeekAsync(yields: 5) : grain.TakeTurnAsync(yields: 5)));
        await Task.WhenAll(calls).WaitAsync(Timeout);

        var stats = await grain.GetStatsAsync();
        Assert.Equal(1, stats.MaxConcurrentThreads);
        Assert.Equal(1, stats.MaxConcurrentTurns);
    }
}
