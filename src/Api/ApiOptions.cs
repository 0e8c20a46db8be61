namespace Leasehold.Api;

/// <summary>HTTP API settings; bound from the <c>Api</c> configuration section.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>
    /// What the API is in the cluster: <see cref="ApiRole.Silo"/> (the default) co-hosts an Orleans silo, so one process
    /// serves everything; <see cref="ApiRole.Client"/> is an Orleans client in front of <c>src/Silo</c> processes, finding
    /// their gateways in the membership table of <c>Storage</c>.
    /// </summary>
    public ApiRole Role { get; set; } = ApiRole.Silo;

    /// <summary>Put the exception message into 500 responses. For development only; default false.</summary>
    public bool ShowExceptionDetails { get; set; }

    /// <summary>Largest JSON request body in bytes; default 65536. A longer one is a 413 naming the limit.</summary>
    public long MaxJsonBodyBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// How long a cluster-wide answer (<c>GET /v1/leases</c>) waits for each silo; a silo that has not answered by then is
    /// listed as unreachable instead. Default 2 s, at most 1 min.
    /// </summary>
    public TimeSpan SiloAnswerTimeout { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>What an API process is in the cluster (<c>Api:Role</c>).</summary>
public enum ApiRole
{
    /// <summary>An Orleans silo that also serves HTTP.</summary>
    Silo,

    /// <summary>An Orleans client: it hosts no grain and calls the silos through their gateways.</summary>
    Client,
}
