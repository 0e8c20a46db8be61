namespace Leasehold.Runtime.Tests.TestGrains;

internal sealed class TimerGrain(GrainProbe probe) : Grain, ITimerGrain
{
    private readonly ConcurrencyMeter _threads = new();
    private IGrainTimer? _timer;
    private bool _inCall;
    private bool _tickDuringCall;

    private string Key => GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (probe.IsSet($"{Key}:timer-on-activate"))
        {
            _timer = RegisterGrainTimer(OnTickAsync, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        }

        if (probe.IsSet($"{Key}:hold-activation"))
        {
            probe.Open($"{Key}:activating");
            await probe.Gate($"{Key}:activation");
        }
    }

    public Task StartTimerAsync(TimeSpan dueTime, TimeSpan period)
    {
        _timer?.Dispose();
        _timer = RegisterGrainTimer(OnTickAsync, dueTime, period);
        return Task.CompletedTask;
    }

    public Task StopTimerAsync()
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    public Task<int> GetTicksAsync() => Task.FromResult(probe.Count($"{Key}:ticks"));

    public async Task BlockAsync(string gate)
    {
        _inCall = true;
        _threads.Run();
        probe.Open($"{gate}:entered");
        await probe.Gate(gate);
        _threads.Run();
        _inCall = false;
    }

    public Task<(bool TickDuringCall, int MaxConcurrentThreads)> GetOverlapAsync() => Task.FromResult((_tickDuringCall, _threads.Max));

    private async Task OnTickAsync(CancellationToken cancellationToken)
    {
        _tickDuringCall |= _inCall;
        _threads.Run();
        await Task.Yield();
        _threads.Run();
        probe.Increment($"{Key}:ticks");
    }
}
