using Leasehold.Runtime.Invocation;
using Leasehold.Runtime.Messaging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Leasehold.Runtime.Client;

/// <summary>
/// A grain client outside the cluster: it is not a silo (never placed on, probed or voted about) and reaches the
/// grains through a gateway silo over the silo port, which routes each call to the grain's owner.
/// <code>
/// await using var client = ClusterClient.Create(new ClusterClientOptions { Gateways = { IPEndPoint.Parse("127.0.0.1:11111") } });
/// var view = await client.GetGrain&lt;ILeaseGrain&gt;("orders").GetAsync();
/// </code>
/// </summary>
public sealed class ClusterClient : IGrainFactory, IAsyncDisposable
{
    private readonly GatewayCallRouter _router;
    private readonly GrainFactory _factory;

    private ClusterClient(GatewayCallRouter router, GrainFactory factory)
    {
        _router = router;
        _factory = factory;
    }

    /// <summary>A client over <paramref name="options"/>' gateways; it connects on its first call.</summary>
    public static ClusterClient Create(ClusterClientOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Gateways.Count == 0)
        {
            throw new ArgumentException("Name at least one gateway (a silo's Cluster:SiloAddress:Cluster:SiloPort).", nameof(options));
        }

        var key = ClusterSecret.TryDecode(options.Secret)
            ?? throw new ArgumentException($"Set Secret to the cluster secret (base64 of at least {ClusterSecret.MinBytes} bytes, the silos' Cluster:Secret).", nameof(options));
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Leasehold.Runtime.Client");
        var router = new GatewayCallRouter(options, key, new WireSerializer(options.JsonResolvers), logger);
        return new ClusterClient(router, new GrainFactory(new GrainTypeRegistry([]), router));
    }

    public TGrain GetGrain<TGrain>(string key)
        where TGrain : IGrainWithStringKey => _factory.GetGrain<TGrain>(key);

    public ValueTask DisposeAsync() => _router.DisposeAsync();
}
