namespace Leasehold.Storage;

/// <summary>
/// The fenced object table. A write is applied only if its fence is at least the highest fence the key
/// has seen, checked and applied in one conditional statement inside one transaction: this is the
/// check that keeps a paused or partitioned ex-holder from overwriting newer data.
/// </summary>
public interface IFencedObjectStore
{
    Task<FencedWriteResult> WriteAsync(FencedWrite write, CancellationToken cancellationToken);

    Task<FencedObject?> ReadAsync(string key, CancellationToken cancellationToken);
}
