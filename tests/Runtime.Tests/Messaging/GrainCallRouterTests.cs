using Leasehold.Runtime.Tests.TestGrains;
using Microsoft.Extensions.Time.Testing;

namespace Leasehold.Runtime.Tests.Messaging;

public sealed class GrainCallRouterTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static readonly Dictionary<string, string?> ShortCalls = new()
    {
        ["Cluster:Messaging:CallTimeout"] = "00:00:05",
    };

    [Fact]
    public async Task A_call_with_no_response_by_its_deadline_fails_with_an_unknown_outcome()
    {
        var time = new FakeTimeProvider();
        await using var silo = await TestSilo.StartAsync(time, ShortCalls);
        var grain = silo.Grains.GetGrain<ILifecycleGrain>("slow");
        var call = grain.BlockAsync("slow-gate");
        await silo.Probe.Gate("slow-gate:entered").WaitAsync(Timeout);

        time.Advance(TimeSpan.FromSeconds(5));

        var timeout = await Assert.ThrowsAsync<GrainCallTimeoutException>(() => call.WaitAsync(Timeout));
        Assert.Contains("outcome is unknown", timeout.Message, StringComparison.Ordinal);
        Assert.Equal(new GrainId(typeof(ILifecycleGrain).FullName!, "slow"), timeout.Target);
        Assert.EndsWith(".BlockAsync", timeout.Method, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_call_answered_before_its_deadline_does_not_time_out()
    {
        var time = new FakeTimeProvider();
        await using var silo = await TestSilo.StartAsync(time, ShortCalls);
        var grain = silo.Grains.GetGrain<ILifecycleGrain>("prompt");
        var call = grain.BlockAsync("prompt-gate");
        await silo.Probe.Gate("prompt-gate:entered").WaitAsync(Timeout);

        time.Advance(TimeSpan.FromSeconds(4));
        silo.Probe.Open("prompt-gate");

        await call.WaitAsync(Timeout);
    }

    [Fact]
    public async Task A_call_whose_caller_gave_up_while_it_was_queued_is_never_run()
    {
        var time = new FakeTimeProvider();
        await using var silo = await TestSilo.StartAsync(time, ShortCalls);
        var grain = silo.Grains.GetGrain<ILifecycleGrain>("abandoned");
        var blocked = grain.BlockAsync("abandoned-gate");
        await silo.Probe.Gate("abandoned-gate:entered").WaitAsync(Timeout);
        var queued = grain.PingAsync();

        time.Advance(TimeSpan.FromSeconds(6));
        await Assert.ThrowsAsync<GrainCallTimeoutException>(() => queued.WaitAsync(Timeout));
        await Assert.ThrowsAsync<GrainCallTimeoutException>(() => blocked.WaitAsync(Timeout));
        silo.Probe.Open("abandoned-gate");

        // Queued behind the abandoned call, so by its answer the abandoned one has had its chance to run.
        await grain.PingAsync();
        Assert.Equal(["activate-start", "activate-end", "call"], silo.Probe.EventsOf("abandoned"));
    }
}
