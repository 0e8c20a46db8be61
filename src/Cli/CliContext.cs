using System.CommandLine;
using Leasehold.Cli.Output;

namespace Leasehold.Cli;

/// <summary>What every command shares: the global options (on the root, recursive) and the host's streams.</summary>
internal sealed class CliContext(CliHost host)
{
    /// <summary>The default endpoint: the API's default address (src/Api, <c>--urls</c>).</summary>
    public const string DefaultEndpoint = "http://127.0.0.1:5080";

    /// <summary>The environment variable that overrides <see cref="DefaultEndpoint"/>.</summary>
    public const string EndpointVariable = "LEASEHOLD_ENDPOINT";

    public CliHost Host { get; } = host;

    public Option<Uri> Endpoint { get; } = new("--endpoint", "-e")
    {
        Description = $"The Leasehold API. Default: ${EndpointVariable}, else {DefaultEndpoint}",
        Recursive = true,
        HelpName = "url",
        DefaultValueFactory = _ => new Uri(Environment.GetEnvironmentVariable(EndpointVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : DefaultEndpoint),
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            {
                return uri;
            }

            result.AddError($"'{text}' is not an http(s) URL, such as {DefaultEndpoint}.");
            return null;
        },
    };

    /// <summary>The environment variable with the API key (servers with <c>Auth:Mode=ApiKey</c>).</summary>
    public const string ApiKeyVariable = "LEASEHOLD_API_KEY";

    public Option<string?> ApiKey { get; } = new("--api-key")
    {
        Description = $"API key sent as Authorization: Bearer. Default: ${ApiKeyVariable}. Prefer the variable: a flag shows in the process list",
        Recursive = true,
        HelpName = "key",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(ApiKeyVariable) is { Length: > 0 } key ? key : null,
    };

    public Option<OutputFormat> Output { get; } = new("--output", "-o")
    {
        Description = "table (for people) or json (for scripts)",
        Recursive = true,
        HelpName = "json|table",
        DefaultValueFactory = _ => OutputFormat.Table,
    };
}
