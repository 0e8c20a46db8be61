namespace Leasehold.Storage;

/// <summary>Whether the storage provider can be reached; drives <c>/health/ready</c>.</summary>
public interface IStorageHealth
{
    Task<bool> IsReachableAsync(CancellationToken cancellationToken);
}
