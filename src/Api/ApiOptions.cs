namespace Leasehold.Api;

/// <summary>HTTP API settings; bound from the <c>Api</c> configuration section.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>Put the exception message into 500 responses. For development only; default false.</summary>
    public bool ShowExceptionDetails { get; set; }
}
