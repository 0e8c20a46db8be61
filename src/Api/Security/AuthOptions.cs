namespace Leasehold.Api.Security;

/// <summary>Who may call the API; bound from the <c>Auth</c> section. See docs/security.md.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary><c>None</c> (the local default: everyone is <c>anonymous</c> with every role but admin) or <c>ApiKey</c>.</summary>
    public AuthMode Mode { get; set; } = AuthMode.None;

    /// <summary>The API keys (with <see cref="AuthMode.ApiKey"/>): each a principal, its roles, and the key's SHA-256.</summary>
    public List<ApiKeyOptions> Keys { get; } = [];

    /// <summary>
    /// Requests per second each principal may make on average (token bucket, per node); with <see cref="AuthMode.None"/>
    /// there are no principals and no limit. 0: no limit. Default 2000.
    /// </summary>
    public int RequestsPerSecond { get; set; } = 2_000;

    /// <summary>Requests a principal may make in a burst above the average. Default 4000.</summary>
    public int Burst { get; set; } = 4_000;

    /// <summary>
    /// With <see cref="AuthMode.ApiKey"/>: requests per second, on average, from one client address without a valid key
    /// (wrong keys, no key, the health and dashboard routes), so strangers cannot guess keys at line rate. 0: no limit. Default 10.
    /// </summary>
    public int UnauthenticatedRequestsPerSecond { get; set; } = 10;

    /// <summary>Requests one address without a valid key may make in a burst above the average. Default 50.</summary>
    public int UnauthenticatedBurst { get; set; } = 50;
}

/// <summary>How callers are authenticated.</summary>
public enum AuthMode
{
    None,
    ApiKey,
}

/// <summary>One API key: the principal it names, its roles, and the key itself only as its SHA-256 (hex).</summary>
public sealed class ApiKeyOptions
{
    /// <summary>The principal's name; leases it takes have holders named after it.</summary>
    public string Principal { get; set; } = string.Empty;

    /// <summary>The lowercase hex SHA-256 of the key (<c>printf %s "$KEY" | sha256sum</c>). The key itself is never stored.</summary>
    public string Sha256 { get; set; } = string.Empty;

    /// <summary>Any of <c>lease</c>, <c>write</c>, <c>read</c>, <c>admin</c> (admin implies all).</summary>
    public List<string> Roles { get; } = [];
}
