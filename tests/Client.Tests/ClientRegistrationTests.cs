using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Leasehold.Client.Tests;

/// <summary><c>AddLeaseholdClient</c>: the client from dependency injection, bound from configuration, against a real server.</summary>
[Collection(ServerCollection.Name)]
public sealed class ClientRegistrationTests(LeaseholdServer server)
{
    [Fact]
    public async Task The_default_client_is_bound_from_a_configuration_section_and_runs_a_lease()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Leasehold:Endpoint"] = server.Endpoint.ToString(),
            ["Leasehold:RequestTimeout"] = "00:00:07",
            ["Leasehold:Retry:MaxAttempts"] = "2",
        }).Build();
        var registrations = new ServiceCollection();
        registrations.AddLeaseholdClient(configuration.GetSection("Leasehold"));
        await using var services = registrations.BuildServiceProvider();

        using var client = services.GetRequiredService<LeaseholdClient>();
        var resource = Names.Fresh("di-default");
        var lease = await client.AcquireAsync(resource, "di", TimeSpan.FromSeconds(30));
        await client.ReleaseAsync(resource, lease.LeaseId);

        Assert.Equal(server.Endpoint, client.Endpoint);
        Assert.Equal(TimeSpan.FromSeconds(7), client.Options.RequestTimeout);
        Assert.Equal(2, client.Options.Retry.MaxAttempts);
        Assert.False((await client.GetLeaseAsync(resource)).Held);
    }

    [Fact]
    public async Task Named_clients_keep_their_own_options()
    {
        var unreachable = new Uri("http://127.0.0.1:9");
        var services = new ServiceCollection();
        services.AddLeaseholdClient("primary", o => o.Endpoint = server.Endpoint);
        services.AddLeaseholdClient("elsewhere", o => { o.Endpoint = unreachable; o.ApiKey = "other-key"; });
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<ILeaseholdClientFactory>();

        using var primary = factory.CreateClient("primary");
        using var elsewhere = factory.CreateClient("elsewhere");

        Assert.Equal(server.Endpoint, primary.Endpoint);
        Assert.Equal(unreachable, elsewhere.Endpoint);
        Assert.Null(primary.Options.ApiKey);
        Assert.Equal("other-key", elsewhere.Options.ApiKey);
        Assert.NotNull(await primary.GetClusterAsync());
    }

    [Fact]
    public async Task A_client_without_an_endpoint_is_refused_with_a_message_naming_the_setting()
    {
        var services = new ServiceCollection();
        services.AddLeaseholdClient(o => o.RequestTimeout = TimeSpan.Zero);
        await using var provider = services.BuildServiceProvider();

        var refused = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<LeaseholdClient>());

        Assert.Contains(refused.Failures, f => f.Contains("needs an Endpoint", StringComparison.Ordinal));
        Assert.Contains(refused.Failures, f => f.Contains("RequestTimeout must be positive", StringComparison.Ordinal));
    }
}
