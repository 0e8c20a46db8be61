using Leasehold.Runtime.Storage;

namespace Leasehold.Runtime.Tests.TestGrains;

internal sealed class TurnGrain(GrainProbe probe, IGrainStorage storage) : Grain, ITurnGrain
{
    private readonly ConcurrencyMeter _turns = new();
    private readonly ConcurrencyMeter _threads = new();
    private PersistentState<StoredCounter> _counter = null!;

    private string Key => GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _counter = new PersistentState<StoredCounter>(storage, GrainId, TestJsonContext.Default.StoredCounter, static () => new StoredCounter(0));
        await _counter.ReadAsync(cancellationToken);
    }

    public async Task TakeTurnAsync(int yields)
    {
        _turns.Enter();
        try
        {
            probe.Record(Key, "turn");
            for (var i = 0; i < yields; i++)
            {
                _threads.Run();
                await Task.Yield();
            }

            _threads.Run();
        }
        finally
        {
            _turns.Exit();
        }
    }

    public async Task IncrementStoredAsync()
    {
        _turns.Enter();
        try
        {
            _threads.Run();

            // Two overlapping turns would both present the same ETag, and one of them would fail.
            await _counter.WriteAsync(new StoredCounter(_counter.State.Value + 1), CancellationToken.None);
            _threads.Run();
        }
        finally
        {
            _turns.Exit();
        }
    }

    public async Task BlockAsync(string gate)
    {
        _turns.Enter();
        try
        {
            probe.Record(Key, "block-start");
            probe.Open($"{gate}:entered");
            await probe.Gate(gate);
            _threads.Run();
            probe.Record(Key, "block-end");
        }
        finally
        {
            _turns.Exit();
        }
    }

    public async Task PeekAsync(int yields)
    {
        probe.Record(Key, "peek");
        for (var i = 0; i < yields; i++)
        {
            _threads.Run();
            await Task.Yield();
        }

        _threads.Run();
    }

    public Task<TurnStats> GetStatsAsync() => Task.FromResult(new TurnStats(_turns.Max, _threads.Max, _counter.State.Value));
}
