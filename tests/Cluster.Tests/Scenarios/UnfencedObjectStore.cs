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
}
