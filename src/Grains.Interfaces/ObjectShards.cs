namespace Leasehold.Grains;

/// <summary>Which <see cref="IObjectShardGrain"/> owns an object key: a stable hash of the key, modulo the shard count.</summary>
public static class ObjectShards
{
    /// <summary>The shard grain key for <paramref name="key"/>. FNV-1a over UTF-16 code units: stable across processes and versions, unlike string.GetHashCode.</summary>
    public static string ShardOf(string key, int shardCount) =>
        IndexOf(key, shardCount).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The number of <paramref name="key"/>'s shard, from 0 to <paramref name="shardCount"/> − 1: <see cref="ShardOf"/> is its decimal form.</summary>
    public static int IndexOf(string key, int shardCount)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        var hash = 14695981039346656037UL;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return (int)(hash % (ulong)shardCount);
    }
}
