using Microsoft.Extensions.Options;

namespace Leasehold.Client;

/// <summary>Clients over IHttpClientFactory's pooled handlers, one named HttpClient per registered name.</summary>
internal sealed class LeaseholdClientFactory(IHttpClientFactory http, IOptionsMonitor<LeaseholdClientOptions> options) : ILeaseholdClientFactory
{
    /// <summary>The HttpClient name behind the client registered as <paramref name="name"/>.</summary>
    public static string HttpClientName(string name) => $"Leasehold.Client:{name}";

    public LeaseholdClient CreateClient(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return new LeaseholdClient(http.CreateClient(HttpClientName(name)), options.Get(name));
    }
}
