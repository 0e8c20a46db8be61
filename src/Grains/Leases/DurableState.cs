using Orleans.Runtime;

namespace Leasehold.Grains.Leases;

/// <summary>
/// A grain's durable state with the rule the lease grain needs: the grain only ever acts on what is durable. Orleans'
/// <see cref="IPersistentState{TState}"/> holds the new value from the moment a write starts; this adopts a value only
/// once its compare-and-swap (the ETag) succeeded, and puts the last durable value back when a write fails.
/// </summary>
internal sealed class DurableState<T>(IPersistentState<T> stored, Func<T> initial)
{
    private T _state = initial();

    /// <summary>The last state read or successfully written.</summary>
    public T State => _state;

    /// <summary>Reads the stored state; the initial value when nothing was stored yet.</summary>
    public async Task ReadAsync(CancellationToken cancellationToken)
    {
        await stored.ReadStateAsync(cancellationToken);
        _state = stored.RecordExists ? stored.State : initial();
    }

    /// <summary>Reads the stored state again; true when it changed since this activation last read or wrote it (another activation wrote).</summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        var etag = stored.Etag;
        await ReadAsync(cancellationToken);
        return stored.Etag != etag;
    }

    /// <summary>Writes <paramref name="next"/> by compare-and-swap on the ETag; adopts it only once it is durable.</summary>
    /// <exception cref="Orleans.Storage.InconsistentStateException">Another activation wrote first; nothing changed.</exception>
    public async Task WriteAsync(T next, CancellationToken cancellationToken)
    {
        stored.State = next;
        try
        {
            await stored.WriteStateAsync(cancellationToken);
        }
        catch
        {
            // Whatever the failure, the unwritten value must not be what the next read of stored.State sees.
            stored.State = _state;
            throw;
        }

        _state = next;
    }
}
