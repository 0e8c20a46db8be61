namespace Leasehold.Runtime.Tests.TestGrains;

internal sealed class LifecycleGrain(GrainProbe probe) : Grain, ILifecycleGrain
{
    private int _activation;

    private string Key => GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _activation = probe.Increment($"{Key}:activations");
        probe.Record(Key, "activate-start");
        if (probe.IsSet($"{Key}:hold-activation"))
        {
            await probe.Gate($"{Key}:activation");
        }

        if (probe.Take($"{Key}:fail-activation"))
        {
            throw new InvalidOperationException("The test refused this activation.");
        }

        probe.Record(Key, "activate-end");
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.Record(Key, $"deactivate:{reason}");
        return Task.CompletedTask;
    }

    public Task<int> PingAsync()
    {
        probe.Record(Key, "call");
        return Task.FromResult(_activation);
    }

    public Task KeepAliveAsync(TimeSpan period)
    {
        DelayDeactivation(period);
        return Task.CompletedTask;
    }

    public async Task BlockAsync(string gate)
    {
        probe.Open($"{gate}:entered");
        await probe.Gate(gate);
    }
}
