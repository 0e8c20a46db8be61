using Leasehold.Storage.Tests.Providers;
using Orleans;
using Orleans.Runtime;

namespace Leasehold.Storage.Tests.Contracts;

/// <summary>
/// Counters kept in a provider's Orleans grain storage: the grain-state writes that the group-commit tests queue, as a
/// silo's grains queue theirs (each a compare-and-swap on the ETag, acknowledged once its transaction committed).
/// </summary>
internal static class Counters
{
    private const string StorageName = "counters";
    private const string StateName = "counter";

    /// <summary>Writes <paramref name="value"/> to counter <paramref name="i"/> if its ETag is <paramref name="etag"/> (null: never written); returns the new ETag.</summary>
    public static async Task<string> WriteAsync(ProviderUnderTest provider, int i, int value, string? etag = null)
    {
        var state = new GrainState<StoredCounter>(new StoredCounter(value), etag);
        await provider.OrleansGrainStorage(StorageName).WriteStateAsync(StateName, Grain(i), state);
        return state.ETag!;
    }

    /// <summary>Counter <paramref name="i"/>'s value and ETag, or null if it was never written.</summary>
    public static async Task<(StoredCounter State, string ETag)?> ReadAsync(ProviderUnderTest provider, int i)
    {
        var state = new GrainState<StoredCounter>();
        await provider.OrleansGrainStorage(StorageName).ReadStateAsync(StateName, Grain(i), state);
        return state.RecordExists ? (state.State!, state.ETag!) : null;
    }

    private static GrainId Grain(int i) => GrainId.Create("counter", $"counter-{i}");
}
