using Orleans;

namespace Leasehold.Benchmarks;

/// <summary>The smallest grain call: an argument in, a result out, no storage, so Orleans' own cost is what is measured.</summary>
[Alias("leasehold.bench.IPingGrain")]
public interface IPingGrain : IGrainWithStringKey
{
    [Alias("ping")]
    Task<int> PingAsync(int value);
}

/// <summary>Answers at once.</summary>
internal sealed class PingGrain : Grain, IPingGrain
{
    public Task<int> PingAsync(int value) => Task.FromResult(value + 1);
}
