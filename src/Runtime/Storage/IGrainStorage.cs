using System.Text.Json.Serialization.Metadata;

namespace Leasehold.Runtime.Storage;

/// <summary>
/// Durable grain state with optimistic concurrency. Every write names the ETag it read; a write whose
/// ETag is stale (another activation wrote in between) fails with <see cref="InconsistentStateException"/>
/// and changes nothing. Nothing is acknowledged before it is durable.
/// </summary>
public interface IGrainStorage
{
    /// <summary>The stored state and its ETag, or null when the grain has no state yet.</summary>
    Task<StoredState<T>?> ReadAsync<T>(GrainId grainId, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken);

    /// <summary>Writes the state if the stored ETag is still <paramref name="etag"/> (null: no state may exist yet). Returns the new ETag.</summary>
    Task<string> WriteAsync<T>(GrainId grainId, T state, string? etag, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken);

    /// <summary>Deletes the state if the stored ETag is still <paramref name="etag"/>.</summary>
    Task ClearAsync(GrainId grainId, string etag, CancellationToken cancellationToken);
}
