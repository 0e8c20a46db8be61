using System.Collections.Concurrent;
using Leasehold.Storage;

namespace Leasehold.Grains.Tests.Tokens;

/// <summary>Cluster secrets in memory, first candidate wins, for signers built outside a silo.</summary>
internal sealed class InMemorySecretStore : IClusterSecretStore
{
    private readonly ConcurrentDictionary<string, byte[]> _secrets = new();

    public Task<byte[]> GetOrAddAsync(string name, ReadOnlyMemory<byte> candidate, CancellationToken cancellationToken) =>
        Task.FromResult(_secrets.GetOrAdd(name, candidate.ToArray()));
}
