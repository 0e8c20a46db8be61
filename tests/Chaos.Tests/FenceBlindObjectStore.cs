using System.Collections.Concurrent;
using Leasehold.Storage;

namespace Leasehold.Chaos.Tests;

/// <summary>
/// The object store with the fence comparison switched off: every write wins, whatever its fence. One instance is
/// shared by all silos of a cluster (it plays the shared database). Runs against it show the checker can fail.
/// </summary>
internal sealed class FenceBlindObjectStore : IFencedObjectStore
{
    private readonly ConcurrentDictionary<string, FencedObject> _objects = new(StringComparer.Ordinal);

    public Task<FencedWriteResult> WriteAsync(FencedWrite write, CancellationToken cancellationToken)
    {
        var stored = _objects.AddOrUpdate(
            write.Key,
            _ => Stored(write, 1),
            (_, old) => Stored(write, old.Version + 1));
        return Task.FromResult(new FencedWriteResult(FencedWriteOutcome.Accepted, stored.Version, stored.Fence, stored.Resource));
    }

    public Task<FencedObject?> ReadAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult(_objects.TryGetValue(key, out var stored) ? stored : null);

    private static FencedObject Stored(FencedWrite write, long version) =>
        new(write.Key, write.Resource, write.Fence, version, write.Value.ToArray(), write.ContentType, TimeProvider.System.GetUtcNow());

    /// <summary>Deletes whatever the fence, as a store that did not check would.</summary>
    public Task<FencedWriteResult> DeleteAsync(FencedDelete delete, CancellationToken cancellationToken)
    {
        var stored = _objects.AddOrUpdate(
            delete.Key,
            _ => Tombstone(delete, 1),
            (_, old) => Tombstone(delete, old.Version + 1));
        return Task.FromResult(new FencedWriteResult(FencedWriteOutcome.Accepted, stored.Version, stored.Fence, stored.Resource, Deleted: true));
    }

    public Task<ObjectPage> ListAsync(string prefix, string? after, int limit, CancellationToken cancellationToken) =>
        Task.FromResult(ObjectListing.Page(
            [.. _objects.Values
                .Where(o => !o.Deleted && o.Key.StartsWith(prefix, StringComparison.Ordinal) && string.CompareOrdinal(o.Key, after ?? string.Empty) > 0)
                .OrderBy(o => o.Key, StringComparer.Ordinal)
                .Take(limit + 1)
                .Select(o => new ObjectSummary(o.Key, o.Version, o.Fence, o.ContentType, o.Value.Length, o.UpdatedAtUtc))],
            limit));

    private static FencedObject Tombstone(FencedDelete delete, long version) =>
        new(delete.Key, delete.Resource, delete.Fence, version, [], string.Empty, TimeProvider.System.GetUtcNow(), Deleted: true);
}
