using System.ComponentModel.DataAnnotations;

namespace Leasehold.Runtime.Messaging;

/// <summary>Options of grain calls; bound from the <c>Cluster:Messaging</c> configuration section.</summary>
public sealed class MessagingOptions
{
    /// <summary>How long a caller waits for a response before the call fails with an unknown outcome. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
