using Leasehold.Runtime;

namespace Leasehold.Benchmarks;

/// <summary>The smallest grain call: an argument in, a result out, no storage, so the runtime's own cost is what is measured.</summary>
public interface IPingGrain : IGrainWithStringKey
{
    Task<int> PingAsync(int value);
}

/// <summary>Answers at once.</summary>
internal sealed class PingGrain : Grain, IPingGrain
{
    public Task<int> PingAsync(int value) => Task.FromResult(value + 1);
}
