using Leasehold.Hosting;
using Leasehold.Storage.Postgres;
using Leasehold.Storage.Sqlite;
using Leasehold.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using Orleans.Messaging;
using Orleans.Storage;
using OrleansMembershipTable = Orleans.IMembershipTable;

namespace Leasehold.Storage.Tests.Clustering;

/// <summary>The builder extensions pick the database that <c>Storage:Provider</c> names, for silos and for clients.</summary>
public sealed class LeaseholdStorageExtensionsTests
{
    [Theory]
    [InlineData("Sqlite", typeof(SqliteOrleansMembershipTable), typeof(SqliteOrleansGrainStorage))]
    [InlineData("postgres", typeof(PostgresOrleansMembershipTable), typeof(PostgresOrleansGrainStorage))]
    public void A_silo_gets_the_membership_table_and_grain_storage_of_the_named_provider(string provider, Type table, Type storage)
    {
        using var file = new TempDatabase();
        var configuration = Storage(provider, provider == "Sqlite" ? file.ConnectionString : "Host=127.0.0.1;Username=nobody;Database=none");
        using var host = SiloHost(silo => silo.UseLeaseholdClustering(configuration).AddLeaseholdGrainStorage("leasehold", configuration));

        Assert.IsType(table, host.Services.GetRequiredService<OrleansMembershipTable>());
        Assert.IsType(storage, host.Services.GetRequiredKeyedService<IGrainStorage>("leasehold"));
    }

    [Theory]
    [InlineData("Sqlite", typeof(SqliteGatewayListProvider))]
    [InlineData("Postgres", typeof(PostgresGatewayListProvider))]
    public void A_client_gets_the_gateway_list_of_the_named_provider(string provider, Type gateways)
    {
        using var file = new TempDatabase();
        var configuration = Storage(provider, provider == "Sqlite" ? file.ConnectionString : "Host=127.0.0.1;Username=nobody;Database=none");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client => client.UseLeaseholdClustering(configuration));
        using var host = builder.Build();

        Assert.IsType(gateways, host.Services.GetRequiredService<IGatewayListProvider>());
    }

    [Fact]
    public void An_unknown_provider_stops_the_silo_with_a_message_naming_the_setting()
    {
        var configuration = Storage("Cassandra", "whatever");

        var error = Assert.Throws<OptionsValidationException>(() => SiloHost(silo => silo.UseLeaseholdClustering(configuration)));

        Assert.Contains("Storage:Provider 'Cassandra'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_grain_storage_writes_with_the_serializer_its_options_name()
    {
        using var file = new TempDatabase();
        var configuration = Storage("Sqlite", file.ConnectionString);
        var chosen = new UnusedSerializer();
        using var host = SiloHost(silo => silo.AddLeaseholdGrainStorage("custom", configuration, options => options.GrainStorageSerializer = chosen)
            .AddLeaseholdGrainStorage("default", configuration));

        var monitor = host.Services.GetRequiredService<IOptionsMonitor<LeaseholdGrainStorageOptions>>();
        Assert.Same(chosen, monitor.Get("custom").GrainStorageSerializer);
        Assert.IsType<OrleansGrainStorageSerializer>(monitor.Get("default").GrainStorageSerializer);
    }

    private static IConfiguration Storage(string provider, string connectionString) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Provider"] = provider, ["Storage:ConnectionString"] = connectionString })
            .Build();

    private static IHost SiloHost(Action<ISiloBuilder> configure)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(configure);
        return builder.Build();
    }

    private sealed class UnusedSerializer : IGrainStorageSerializer
    {
        public BinaryData Serialize<T>(T? input) => throw new NotSupportedException();

        public T Deserialize<T>(BinaryData input) => throw new NotSupportedException();
    }
}
