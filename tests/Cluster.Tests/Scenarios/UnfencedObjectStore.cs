using System.Collections.Concurrent;
using Leasehold.Storage;

namespace Leasehold.Cluster.Tests.Scenarios;

/// <summary>
/// The object store with fence checking switched off: the last write wins, whatever its fence. One instance is
/// shared by every silo of a cluster (it plays the shared database). Scenario tests run against it to show they
/// can fail: the anomaly they guard against appears as soon as the store stops comparing fences.
/// </summary>
public sealed class UnfencedObjectStore : IFencedObjectStore
{
    private readonly ConcurrentDictionary<string, FencedObject> _objects = new(StringComparer.Ordinal);

    public Task<FencedWriteResult> WriteAsync(FencedWrite write, CancellationToken cancellationToken)
    {
        var stored = _objects.AddOrUpdate(
            write.Key,
            _ => new FencedObject(write.Key, write.Resource, write.Fence, 1, write.Value.ToArray(), write.ContentType, TimeProvider.System.GetUtcNow()),
            (_, old) => new FencedObject(write.Key, write.Resource, write.Fence, old.Version + 1, write.Value.ToArray(), write.ContentType, TimeProvider.System.GetUtcNow()));
        return Task.FromResult(new FencedWriteResult(FencedWriteOutcome.Accepted, stored.Version, stored.Fence, stored.Resource));
    }

    public Task<FencedObject?> ReadAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult(_objects.TryGetValue(key, out var stored) ? stored : null);

    /// <summary>Deletes whatever the fence: the tombstone takes the deleter's fence, as a stale delete would if unchecked.</summary>
    public Task<FencedWriteResult> DeleteAsync(FencedDelete delete, CancellationToken cancellationToken)
    {
        var stored = _objects.AddOrUpdate(
            delete.Key,
            _ => new FencedObject(delete.Key, delete.Resource, delete.Fence, 1, [], string.Empty, TimeProvider.System.GetUtcNow(), Deleted: true),
            (_, old) => new FencedObject(delete.Key, delete.Resource, delete.Fence, old.Version + 1, [], string.Empty, TimeProvider.System.GetUtcNow(), Deleted: true));
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
}
