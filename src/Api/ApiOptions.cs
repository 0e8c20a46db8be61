namespace Leasehold.Api;

/// <summary>HTTP API settings; bound from the <c>Api</c> configuration section.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>Put the exception message into 500 responses. For development only; default false.</summary>
    public bool ShowExceptionDetails { get; set; }

    /// <summary>Largest JSON request body in bytes; default 65536. A longer one is a 413 naming the limit.</summary>
    public long MaxJsonBodyBytes { get; set; } = 64 * 1024;
}
