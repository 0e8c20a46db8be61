using System.Text.Json.Serialization.Metadata;

namespace Leasehold.Runtime.Storage;

/// <summary>
/// A grain's durable state: the value it last read or wrote, and the ETag that guards the next write.
/// A failed write leaves <see cref="State"/> as it was, so the grain never acts on unwritten state.
/// </summary>
public sealed class PersistentState<T>(IGrainStorage storage, GrainId grainId, JsonTypeInfo<T> typeInfo, Func<T> initial)
{
    private T _state = initial();

    /// <summary>The last state read or successfully written.</summary>
    public T State => _state;

    /// <summary>The ETag of <see cref="State"/> in storage; null when nothing was stored yet.</summary>
    public string? ETag { get; private set; }

    public async Task ReadAsync(CancellationToken cancellationToken)
    {
        var stored = await storage.ReadAsync(grainId, typeInfo, cancellationToken);
        (_state, ETag) = stored is null ? (initial(), null) : (stored.State, stored.ETag);
    }

    /// <summary>Writes <paramref name="next"/> by compare-and-swap on the ETag; adopts it only once it is durable.</summary>
    public async Task WriteAsync(T next, CancellationToken cancellationToken)
    {
        ETag = await storage.WriteAsync(grainId, next, ETag, typeInfo, cancellationToken);
        _state = next;
    }
}
