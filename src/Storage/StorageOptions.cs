using System.ComponentModel.DataAnnotations;

namespace Leasehold.Storage;

/// <summary>Where durable state lives; bound from the <c>Storage</c> configuration section.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>The provider: <c>Sqlite</c> (embedded default, one machine) or <c>Postgres</c> (a shared server, many machines).</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>The provider's connection string. Default <c>Data Source=data/leasehold.db</c> (relative to the working directory).</summary>
    public string ConnectionString { get; set; } = "Data Source=data/leasehold.db";

    /// <summary>At most this many acknowledged writes share one transaction and one fsync. Default 256.</summary>
    [Range(1, 10_000)]
    public int MaxBatchSize { get; set; } = 256;
}
