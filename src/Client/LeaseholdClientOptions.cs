namespace Leasehold.Client;

/// <summary>Options of a <see cref="LeaseholdClient"/>.</summary>
public sealed record LeaseholdClientOptions
{
    /// <summary>The clock for request timeouts, retry delays and lease validity. Default: the system's.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>How long one attempt waits for its answer; a waiting acquire adds its wait. Default 10 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The API key sent as <c>Authorization: Bearer</c> on every request (servers with <c>Auth:Mode=ApiKey</c>); null: none.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Retries of requests that are safe to repeat. Default: <see cref="RetryPolicy"/>'s defaults.</summary>
    public RetryPolicy Retry { get; init; } = new();
}
