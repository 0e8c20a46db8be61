using System.ComponentModel.DataAnnotations;

namespace Leasehold.Grains.Objects;

/// <summary>Fenced object store settings; bound from the <c>Objects</c> configuration section.</summary>
public sealed class ObjectStoreOptions
{
    public const string Section = "Objects";

    /// <summary>How many <see cref="IObjectShardGrain"/>s the keys are spread over. Changing it moves keys between shards, never between rows. Default 64.</summary>
    [Range(1, 65_536)]
    public int ShardCount { get; set; } = 64;

    /// <summary>Largest object body accepted, in bytes. Default 1 MiB.</summary>
    [Range(0, 64 * 1024 * 1024)]
    public int MaxObjectBytes { get; set; } = 1024 * 1024;
}
