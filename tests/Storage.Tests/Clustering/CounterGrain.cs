using Orleans;
using Orleans.Runtime;

namespace Leasehold.Storage.Tests.Clustering;

/// <summary>The counter, persisted in the grain storage named <see cref="StorageName"/>.</summary>
public sealed class CounterGrain([PersistentState(CounterGrain.StateName, CounterGrain.StorageName)] IPersistentState<CounterState> state) : Grain, ICounterGrain
{
    public const string StateName = "counter";
    public const string StorageName = "leasehold";

    public async Task<int> Increment()
    {
        state.State = new CounterState((state.State?.Value ?? 0) + 1);
        await state.WriteStateAsync();
        return state.State.Value;
    }
}
