using Orleans.Runtime;
using Orleans.Storage;

namespace Leasehold.Faults.Tests;

/// <summary>A grain storage that counts what reaches it.</summary>
internal sealed class CountingGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private int _writes;

    public int Writes => Volatile.Read(ref _writes);

    public bool Participated { get; private set; }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.CompletedTask;

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Interlocked.Increment(ref _writes);
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) => Participated = true;
}
