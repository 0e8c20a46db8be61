using System.ComponentModel.DataAnnotations;

namespace Leasehold.Runtime.Activation;

/// <summary>Options of activations; bound from the <c>Cluster:Activation</c> configuration section.</summary>
public sealed class ActivationOptions
{
    /// <summary>An activation unused for this long is deactivated (its state is durable; it comes back on the next call). Default 15 min.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the collector looks for idle activations. Default 1 min.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a silo waits for its activations to deactivate when it stops gracefully. Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
