using Orleans;

namespace Leasehold.Storage.Tests.Clustering;

/// <summary>A grain of the end-to-end cluster test: a durable counter on Leasehold grain storage.</summary>
[Alias("leasehold.tests.ICounterGrain")]
public interface ICounterGrain : IGrainWithStringKey
{
    /// <summary>Adds one, writes the state (an ETag swap) and returns the new value.</summary>
    Task<int> Increment();
}
