using Leasehold.Runtime.Activation;
using Leasehold.Runtime.Tests.TestGrains;

namespace Leasehold.Runtime.Tests.Activation;

public sealed class ActivationLifecycleTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task OnActivateAsync_runs_once_and_finishes_before_the_first_call()
    {
        await using var silo = await TestSilo.StartAsync();
        silo.Probe.Set("first:hold-activation");
        var grain = silo.Grains.GetGrain<ILifecycleGrain>("first");

        // Every call arrives while the activation is still activating.
        var calls = Enumerable.Range(0, 20).Select(_ => grain.PingAsync()).ToArray();
        silo.Probe.Open("first:activation");
        var answeredBy = await Task.WhenAll(calls).WaitAsync(Timeout);

        Assert.All(answeredBy, activation => Assert.Equal(1, activation));
        Assert.Equal(["activate-start", "activate-end", .. Enumerable.Repeat("call", 20)], silo.Probe.EventsOf("first"));
    }

    [Fact]
    public async Task A_throwing_OnActivateAsync_fails_the_call_and_the_next_call_activates_afresh()
    {
        await using var silo = await TestSilo.StartAsync();
        silo.Probe.Set("refused:fail-activation");
        var grain = silo.Grains.GetGrain<ILifecycleGrain>("refused");

        var failure = await Assert.ThrowsAsync<ActivationFailedException>(() => grain.PingAsync());
        Assert.IsType<InvalidOperationException>(failure.InnerException);
        Assert.Equal(0, silo.Activations.Count);

        Assert.Equal(2, await grain.PingAsync());
        Assert.Equal(["activate-start", "activate-start", "activate-end", "call"], silo.Probe.EventsOf("refused"));
    }

    [Fact]
    public async Task Calls_queued_behind_a_failing_activation_all_fail_with_the_activation_error()
    {
        await using var silo = await TestSilo.StartAsync();
        silo.Probe.Set("refused-many:hold-activation");
        silo.Probe.Set("refused-many:fail-activation");
        var grain = silo.Grains.GetGrain<ILifecycleGrain>("refused-many");

        var calls = Enumerable.Range(0, 5).Select(_ => grain.PingAsync()).ToArray();
        silo.Probe.Open("refused-many:activation");
        foreach (var call in calls)
        {
            await Assert.ThrowsAsync<ActivationFailedException>(() => call.WaitAsync(Timeout));
        }

        Assert.DoesNotContain("call", silo.Probe.EventsOf("refused-many"));
    }
}
