using Leasehold.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="LeaseholdClient"/> on IHttpClientFactory.</summary>
public static class LeaseholdClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers the default client: inject <see cref="LeaseholdClient"/>. Options come from <paramref name="configure"/>
    /// (at least <see cref="LeaseholdClientOptions.Endpoint"/>) and are validated when the first client is made.
    /// </summary>
    /// <returns>The builder of the HttpClient underneath, for handlers of your own (logging, a proxy).</returns>
    public static IHttpClientBuilder AddLeaseholdClient(this IServiceCollection services, Action<LeaseholdClientOptions> configure) =>
        services.AddLeaseholdClient(Options.Options.DefaultName, configure);

    /// <summary>Registers the default client with options bound from <paramref name="section"/> (Endpoint, ApiKey, RequestTimeout, Retry:MaxAttempts, ...).</summary>
    public static IHttpClientBuilder AddLeaseholdClient(this IServiceCollection services, IConfiguration section) =>
        services.AddLeaseholdClient(Options.Options.DefaultName, section);

    /// <summary>Registers a client under <paramref name="name"/>: make it with <see cref="ILeaseholdClientFactory.CreateClient"/>.</summary>
    public static IHttpClientBuilder AddLeaseholdClient(this IServiceCollection services, string name, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<LeaseholdClientOptions>(name).Bind(section);
        return services.AddLeaseholdClient(name, _ => { });
    }

    /// <summary>Registers a client under <paramref name="name"/>: make it with <see cref="ILeaseholdClientFactory.CreateClient"/>.</summary>
    public static IHttpClientBuilder AddLeaseholdClient(this IServiceCollection services, string name, Action<LeaseholdClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<LeaseholdClientOptions>(name).Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LeaseholdClientOptions>, LeaseholdClientOptionsValidator>());
        services.TryAddSingleton<ILeaseholdClientFactory, LeaseholdClientFactory>();
        if (name == Options.Options.DefaultName)
        {
            services.TryAddTransient(sp => sp.GetRequiredService<ILeaseholdClientFactory>().CreateClient(Options.Options.DefaultName));
        }

        // No resilience handler on top: the client's own retries know which calls are safe to repeat (a write whose
        // outcome is unknown is never resent), which a generic HTTP retry cannot.
        return services.AddHttpClient(LeaseholdClientFactory.HttpClientName(name), (sp, http) =>
        {
            var options = sp.GetRequiredService<IOptionsMonitor<LeaseholdClientOptions>>().Get(name);
            http.BaseAddress = options.Endpoint;
            // Each attempt has its own timeout on the client's clock; HttpClient's own would cut a waiting acquire short.
            http.Timeout = Timeout.InfiniteTimeSpan;
        });
    }
}
