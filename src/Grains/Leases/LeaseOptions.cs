using System.ComponentModel.DataAnnotations;

namespace Leasehold.Grains.Leases;

/// <summary>Lease rules; bound from the <c>Leases</c> configuration section.</summary>
public sealed class LeaseOptions
{
    public const string Section = "Leases";

    /// <summary>Shortest TTL a client may ask for. Default 100 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan TtlMin { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest TTL a client may ask for. Default 1 h.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "7.00:00:00")]
    public TimeSpan TtlMax { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Longest an acquire may wait in line; must be shorter than <c>Cluster:Messaging:CallTimeout</c>. Default 20 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan WaitMax { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How far apart two silos' wall clocks may be. A lease grain that takes over a lease from storage
    /// (after a failover or collection) knows its end only within this bound of the stored expiry, which
    /// was read off another machine's clock: it reports the lease held until the expiry minus the bound, and
    /// grants it to another only after the expiry plus the bound. Default 1 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ClockUncertainty { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Most acquires that may wait in line for one resource; more are refused at once (HTTP 429). Default 1000.</summary>
    [Range(1, 1_000_000)]
    public int MaxWaiters { get; set; } = 1_000;

    /// <summary>
    /// With authentication on, the largest fraction of <see cref="MaxWaiters"/> one principal's acquires may take in one
    /// resource's line (at least one waiter), so no principal can fill the line for the others. 1: no share. Default 0.5.
    /// </summary>
    [Range(0.000001, 1.0)]
    public double MaxWaiterShare { get; set; } = 0.5;

    /// <summary>Most leases one session may hold at once; an acquire beyond them is refused (HTTP 409 <c>session-full</c>). Default 1000.</summary>
    [Range(1, 100_000)]
    public int MaxLeasesPerSession { get; set; } = 1_000;

    /// <summary>Most permits a semaphore may have (its slots are the leases <c>semaphore:NAME:0</c> to <c>:N-1</c>). Default 64, 1 to 1000.</summary>
    [Range(1, Leasehold.Grains.SemaphoreNames.PermitsLimit)]
    public int MaxPermits { get; set; } = 64;

    /// <summary>After a lease expires (not on release), nobody may acquire it for this long, as Chubby's lock-delay. Default 0.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan LockDelay { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// How many of a lease's latest changes (granted, renewed, released, expired, lost) it keeps in its durable state for
    /// watchers: one that reconnects with an older id than these gets a reset with the current state instead. Written with
    /// every change, as a compact log of a few bytes per change. Default 16, 1 to 1000.
    /// </summary>
    [Range(1, 1_000)]
    public int WatchHistory { get; set; } = 16;

    /// <summary>The id of the key that signs fencing tokens; it is written into every token. Default <c>k1</c>.</summary>
    public string SigningKeyId { get; set; } = "k1";

    /// <summary>The signing key, base64, at least 32 bytes. Empty (default): a random key is created once and kept in the database.</summary>
    public string? SigningKey { get; set; }
}
