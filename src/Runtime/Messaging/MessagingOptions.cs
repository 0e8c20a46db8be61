using System.ComponentModel.DataAnnotations;

namespace Leasehold.Runtime.Messaging;

/// <summary>Options of grain calls; bound from the <c>Cluster:Messaging</c> configuration section.</summary>
public sealed class MessagingOptions
{
    /// <summary>How long a caller waits for a response before the call fails with an unknown outcome. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long connecting to another silo (TCP plus hello) may take. Default 2 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Largest frame between silos, in bytes; a peer announcing more is dropped. Default 16 MiB.</summary>
    [Range(1024, 256 * 1024 * 1024)]
    public int MaxFrameBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>How many times a call may be forwarded between silos whose views disagree about its grain's owner. Default 2.</summary>
    [Range(0, 10)]
    public int MaxForwardHops { get; set; } = 2;

    /// <summary>
    /// How long a call keeps trying when its grain's owner cannot be reached (the request was never sent, so
    /// trying again is safe): it re-reads the membership and retries with backoff, so that a call made while a
    /// dead silo is being voted out lands on its successor. After this, or at the call's deadline, it fails as
    /// unavailable. Default 5 s: a little more than the default failure-detection time.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan UnreachableRetryTime { get; set; } = TimeSpan.FromSeconds(5);
}
