using Orleans.Runtime;
using Orleans.Storage;

namespace Leasehold.Faults;

/// <summary>
/// A grain storage whose reads, writes and clears wait while the silo is paused, before they start and before
/// their answer is handed back. A write already in the database when the pause began still lands, as a kernel
/// completes an I/O for a stopped process; the grain only learns of it after the resume. The inner storage's
/// part in the silo lifecycle (opening its connections) is forwarded.
/// </summary>
internal sealed class PausingGrainStorage(IGrainStorage inner, SiloPause pause) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Gated(() => inner.ReadStateAsync(stateName, grainId, grainState));

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Gated(() => inner.WriteStateAsync(stateName, grainId, grainState));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Gated(() => inner.ClearStateAsync(stateName, grainId, grainState));

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        Gated(() => inner.ReadStateAsync(stateName, grainId, grainState, cancellationToken), cancellationToken);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        Gated(() => inner.WriteStateAsync(stateName, grainId, grainState, cancellationToken), cancellationToken);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        Gated(() => inner.ClearStateAsync(stateName, grainId, grainState, cancellationToken), cancellationToken);

    public void Participate(ISiloLifecycle lifecycle)
    {
        if (inner is ILifecycleParticipant<ISiloLifecycle> participant)
        {
            participant.Participate(lifecycle);
        }
    }

    private async Task Gated(Func<Task> call, CancellationToken cancellationToken = default)
    {
        await pause.WhenRunningAsync(cancellationToken).ConfigureAwait(false);
        await call().ConfigureAwait(false);
        await pause.WhenRunningAsync(cancellationToken).ConfigureAwait(false);
    }
}
