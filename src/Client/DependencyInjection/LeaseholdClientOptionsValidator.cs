using Microsoft.Extensions.Options;

namespace Leasehold.Client;

/// <summary>Refuses options a client cannot work with, naming the setting, when the client is first made.</summary>
internal sealed class LeaseholdClientOptionsValidator : IValidateOptions<LeaseholdClientOptions>
{
    public ValidateOptionsResult Validate(string? name, LeaseholdClientOptions options)
    {
        var failures = new List<string>();
        var client = string.IsNullOrEmpty(name) ? "The Leasehold client" : $"The Leasehold client '{name}'";
        if (options.Endpoint is not { IsAbsoluteUri: true } endpoint || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add($"{client} needs an Endpoint: the service's absolute http(s) address, e.g. http://127.0.0.1:5080.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{client}'s RequestTimeout must be positive (e.g. 00:00:10).");
        }

        if (options.Retry is null || options.Retry.MaxAttempts < 1)
        {
            failures.Add($"{client}'s Retry:MaxAttempts must be at least 1 (1: no retries).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
