namespace Leasehold.Storage;

/// <summary>Secrets shared by every silo of a cluster (the token signing key), created once.</summary>
public interface IClusterSecretStore
{
    /// <summary>
    /// Returns the secret stored under <paramref name="name"/>; if there is none, stores
    /// <paramref name="candidate"/> first. Silos racing to create it all end up with the same winner.
    /// </summary>
    Task<byte[]> GetOrAddAsync(string name, ReadOnlyMemory<byte> candidate, CancellationToken cancellationToken);
}
