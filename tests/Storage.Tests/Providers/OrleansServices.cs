using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Leasehold.Storage.Tests.Providers;

/// <summary>What Orleans hands a provider in a silo, made once for the provider tests: its serializer, activators and options.</summary>
internal static class OrleansServices
{
    public const string ClusterId = "orleans-tests";
    public const string ServiceId = "leasehold-tests";

    private static readonly ServiceProvider Services = new ServiceCollection()
        .AddSerializer(builder => builder.AddAssembly(typeof(OrleansServices).Assembly))
        .BuildServiceProvider();

    public static IGrainStorageSerializer StorageSerializer { get; } = new OrleansGrainStorageSerializer(Services.GetRequiredService<Serializer>());

    public static IActivatorProvider Activators { get; } = Services.GetRequiredService<IActivatorProvider>();

    public static IOptions<GatewayOptions> Gateway { get; } = Options.Create(new GatewayOptions());

    public static IOptions<ClusterOptions> Cluster(string clusterId) => Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = ServiceId });
}
