using Leasehold.Runtime.Membership;

namespace Leasehold.Runtime.Placement;

/// <summary>
/// Rendezvous (highest-random-weight) hashing: a grain belongs to the active silo whose hash with the
/// grain id is highest. Every silo with the same view computes the same owner without talking, and a
/// silo joining or leaving moves only the grains it wins or held.
/// </summary>
public static class RendezvousPlacement
{
    /// <summary>The silo that owns <paramref name="grain"/> among <paramref name="activeSilos"/>; null when there is none.</summary>
    public static SiloAddress? OwnerOf(GrainId grain, IReadOnlyList<SiloAddress> activeSilos)
    {
        SiloAddress? owner = null;
        var best = 0UL;
        var grainHash = Hash(14695981039346656037UL, grain.Type);
        grainHash = Hash(grainHash, grain.Key);
        foreach (var silo in activeSilos)
        {
            var weight = Mix(Hash(grainHash, silo));
            if (owner is null || weight > best)
            {
                (owner, best) = (silo, weight);
            }
        }

        return owner;
    }

    private static ulong Hash(ulong hash, string text)
    {
        // FNV-1a over UTF-16 code units: stable across processes, unlike string.GetHashCode, and allocation-free.
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return (hash ^ 0xFFFF) * 1099511628211UL;
    }

    /// <summary>FNV-1a over the silo's address bytes, port and generation: the same on every silo, and allocation-free.</summary>
    private static ulong Hash(ulong hash, SiloAddress silo)
    {
        Span<byte> address = stackalloc byte[16];
        silo.Endpoint.Address.TryWriteBytes(address, out var length);
        foreach (var b in address[..length])
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        hash = (hash ^ (ulong)silo.Endpoint.Port) * 1099511628211UL;
        return (hash ^ (ulong)silo.Generation) * 1099511628211UL;
    }

    /// <summary>A finalizer (splitmix64) so that similar inputs give unrelated weights.</summary>
    private static ulong Mix(ulong x)
    {
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
