namespace Leasehold.Client;

/// <summary>
/// Options of a <see cref="LeaseholdClient"/>. Settable, so that <c>AddLeaseholdClient</c> can bind them from
/// configuration and named options; a client reads them once, when it is made.
/// </summary>
public sealed record LeaseholdClientOptions
{
    /// <summary>
    /// The service's address (e.g. <c>http://127.0.0.1:5080</c>), for clients made by <c>AddLeaseholdClient</c>. The
    /// constructors take the endpoint (or the HttpClient's BaseAddress) instead and ignore this.
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The clock for request timeouts, retry delays and lease validity. Default: the system's.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>How long one attempt waits for its answer; a waiting acquire adds its wait. Default 10 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The API key sent as <c>Authorization: Bearer</c> on every request (servers with <c>Auth:Mode=ApiKey</c>); null: none.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// How long a watch waits for anything (an event or the server's keep-alive, every <c>Watches:Refresh</c>) before it
    /// takes the connection for dead and reconnects with the last event id. Default 30 s.
    /// </summary>
    public TimeSpan WatchIdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of requests that are safe to repeat. Default: <see cref="RetryPolicy"/>'s defaults.</summary>
    public RetryPolicy Retry { get; set; } = new();
}
