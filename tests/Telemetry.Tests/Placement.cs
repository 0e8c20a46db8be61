using Leasehold.Grains;
using Leasehold.Grains.Objects;
using Leasehold.NodeCluster;

namespace Leasehold.Telemetry.Tests;

/// <summary>
/// Names whose grain is activated on a chosen silo. Orleans places a new activation by its placement strategy, not by a
/// hash a test could compute: each name's grain is activated by a call from that silo (Orleans' default places it near
/// its first caller), and names are tried in turn until one is found there.
/// </summary>
internal static class Placement
{
    private const int Attempts = 200;

    /// <summary>A lease resource <paramref name="prefix"/>-n whose lease grain is activated on <paramref name="silo"/>.</summary>
    public static async Task<string> LeaseOnAsync(TestCluster cluster, TestSilo silo, string prefix)
    {
        for (var i = 0; i < Attempts; i++)
        {
            var resource = $"{prefix}-{i}";
            if (await cluster.HostOfLeaseAsync(resource, from: silo) == silo)
            {
                return resource;
            }
        }

        throw new InvalidOperationException($"None of {Attempts} lease grains was placed on {silo}.");
    }

    /// <summary>An object key <paramref name="prefix"/>-n.txt whose shard grain is activated on <paramref name="silo"/>.</summary>
    public static async Task<string> ObjectKeyOnAsync(TestCluster cluster, TestSilo silo, string prefix)
    {
        var shardCount = new ObjectStoreOptions().ShardCount;
        for (var i = 0; i < Attempts; i++)
        {
            var key = $"{prefix}-{i}.txt";
            if (await cluster.HostOfShardAsync(ObjectShards.ShardOf(key, shardCount), from: silo) == silo)
            {
                return key;
            }
        }

        throw new InvalidOperationException($"None of {Attempts} object shard grains was placed on {silo}.");
    }
}
