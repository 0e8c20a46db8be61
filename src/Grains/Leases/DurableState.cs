using System.Diagnostics;
using Leasehold.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace Leasehold.Grains.Leases;

/// <summary>
/// A grain's durable state with the rule the lease grain needs: the grain only ever acts on what is durable. A value is
/// adopted only once its compare-and-swap (the ETag) succeeded; a failed write leaves the last durable value in place.
/// It talks to the grain storage (<see cref="IGrainStorage"/>, named <see cref="LeaseholdGrainStorage.Name"/>) itself,
/// not through Orleans' <see cref="IPersistentState{TState}"/>: that bridge holds the new value from the moment a write
/// starts (which this would have to put back on failure), reads the state on activation before the grain's own read,
/// and queues every write behind a forced yield to the activation's scheduler; going direct was 0.95–0.97 of the CPU
/// per lease write (<c>docs/performance.md</c>). Each read and write is timed in <c>leasehold.grain_state.duration</c>, in
/// place of Orleans' storage latencies, which only the bridge records.
/// </summary>
internal sealed class DurableState<T>(IGrainStorage storage, string stateName, IGrainContext grain, LeaseholdInstruments instruments, Func<T> initial)
{
    private readonly GrainState<T> _stored = new();
    private T _state = initial();

    /// <summary>The last state read or successfully written.</summary>
    public T State => _state;

    /// <summary>Reads the stored state; the initial value when nothing was stored yet.</summary>
    public async Task ReadAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await storage.ReadStateAsync(stateName, grain.GrainId, _stored, cancellationToken);
        }
        catch
        {
            instruments.GrainStateTimed(stateName, GrainStateOperation.Read, GrainStateOutcome.Error, Stopwatch.GetElapsedTime(started));
            throw;
        }

        instruments.GrainStateTimed(stateName, GrainStateOperation.Read, GrainStateOutcome.Ok, Stopwatch.GetElapsedTime(started));
        _state = _stored.RecordExists ? _stored.State! : initial();
    }

    /// <summary>Reads the stored state again; true when it changed since this activation last read or wrote it (another activation wrote).</summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        var etag = _stored.ETag;
        await ReadAsync(cancellationToken);
        return _stored.ETag != etag;
    }

    /// <summary>Writes <paramref name="next"/> by compare-and-swap on the ETag; adopts it only once it is durable.</summary>
    /// <exception cref="InconsistentStateException">Another activation wrote first; nothing changed.</exception>
    public async Task WriteAsync(T next, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        _stored.State = next;
        try
        {
            await storage.WriteStateAsync(stateName, grain.GrainId, _stored, cancellationToken);
        }
        catch (Exception error)
        {
            // Whatever the failure, the unwritten value must not be what the next write starts from.
            _stored.State = _state;
            instruments.GrainStateTimed(stateName, GrainStateOperation.Write,
                error is InconsistentStateException ? GrainStateOutcome.Conflict : GrainStateOutcome.Error, Stopwatch.GetElapsedTime(started));
            throw;
        }

        instruments.GrainStateTimed(stateName, GrainStateOperation.Write, GrainStateOutcome.Ok, Stopwatch.GetElapsedTime(started));
        _state = next;
    }
}

/// <summary>Makes the <see cref="DurableState{T}"/> of a grain activation, on Leasehold's grain storage.</summary>
internal sealed class DurableStates(IServiceProvider services, LeaseholdInstruments instruments)
{
    // Resolved at first use, not when this is made: the storage may be decorated (a pausable one) after registration.
    private IGrainStorage? _storage;

    public DurableState<T> Of<T>(string stateName, IGrainContext grain, Func<T> initial) =>
        new(_storage ??= services.GetKeyedService<IGrainStorage>(LeaseholdGrainStorage.Name) ?? throw new InvalidOperationException(
                $"Leasehold's grains keep their state in the grain storage named '{LeaseholdGrainStorage.Name}', and this silo has none: " +
                "AddLeasehold(configuration) adds it, or AddLeaseholdGrainStorage(\"leasehold\", configuration) alone."),
            stateName, grain, instruments, initial);
}
