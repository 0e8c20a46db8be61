namespace Leasehold.Api.Watches;

/// <summary>Watch settings of the API (<c>GET .../watch</c>); bound from the <c>Watches</c> configuration section and validated at start.</summary>
public sealed class WatchOptions
{
    public const string Section = "Watches";

    /// <summary>
    /// How often a watch renews its subscription on the lease's (or object's) grain, reads what it may have missed, and (for a
    /// stream) sends a keep-alive comment. It bounds how late a watcher hears of a change whose notification was lost, or
    /// that happened on a new activation after a failover. Default 5 s, from 50 ms to 5 min.
    /// </summary>
    public TimeSpan Refresh { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest <c>wait</c> a long poll may ask for. Default 5 min, at most 1 h.</summary>
    public TimeSpan WaitMax { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The <c>wait</c> of a long poll that names none. Default 30 s; at most <see cref="WaitMax"/>.</summary>
    public TimeSpan WaitDefault { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most watches (streams and long polls) one API process serves at once; more are refused with 429 <c>too-many-watches</c>. Default 10000.</summary>
    public int MaxWatches { get; set; } = 10_000;

    /// <summary>The failures of these settings, each naming its key; empty when valid.</summary>
    internal IEnumerable<string> Failures()
    {
        if (Refresh < TimeSpan.FromMilliseconds(50) || Refresh > TimeSpan.FromMinutes(5))
        {
            yield return $"{Section}:Refresh ({Refresh}) must be from 00:00:00.050 to 00:05:00.";
        }

        if (WaitMax <= TimeSpan.Zero || WaitMax > TimeSpan.FromHours(1))
        {
            yield return $"{Section}:WaitMax ({WaitMax}) must be from 00:00:00.001 to 01:00:00.";
        }

        if (WaitDefault < TimeSpan.Zero || WaitDefault > WaitMax)
        {
            yield return $"{Section}:WaitDefault ({WaitDefault}) must be from 0 to {Section}:WaitMax ({WaitMax}).";
        }

        if (MaxWatches < 1 || MaxWatches > 1_000_000)
        {
            yield return $"{Section}:MaxWatches ({MaxWatches}) must be from 1 to 1000000.";
        }
    }
}
