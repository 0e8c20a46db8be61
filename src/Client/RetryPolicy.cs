namespace Leasehold.Client;

/// <summary>
/// How often and how patiently a request is tried again. Only requests that are safe to repeat are retried
/// (reads, acquire by the same holder, renew and release by lease id); a write is retried only when it was
/// never sent. Delays are exponential with full jitter, so many clients that failed together do not retry together.
/// </summary>
public sealed record RetryPolicy
{
    /// <summary>No retries: one attempt.</summary>
    public static RetryPolicy None { get; } = new() { MaxAttempts = 1 };

    /// <summary>Attempts in all, the first included. Default 3.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Upper bound of the first retry's delay; doubles with every attempt. Default 100 ms.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>No delay is longer than this, a server's Retry-After included. Default 2 s.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The delay before attempt number <paramref name="attempt"/> (2 for the first retry).</summary>
    /// <param name="attempt">The attempt about to be made.</param>
    /// <param name="retryAfter">The server's hint, if it gave one; honoured up to <see cref="MaxDelay"/>.</param>
    public TimeSpan DelayBefore(int attempt, TimeSpan? retryAfter = null)
    {
        var ceiling = Math.Min(MaxDelay.Ticks, BaseDelay.Ticks * (1L << Math.Clamp(attempt - 2, 0, 30)));
        var jittered = TimeSpan.FromTicks((long)(Random.Shared.NextDouble() * ceiling));
        if (retryAfter is { } hint)
        {
            // The hint is a floor the server asked for; jitter on top keeps a crowd of clients apart.
            return TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, hint.Ticks + (jittered.Ticks / 4)));
        }

        return jittered;
    }
}
