using Orleans.Runtime;

namespace Leasehold.Api.Cluster;

/// <summary>
/// What this API process is in the cluster: a silo (the default, co-hosted) with its own address, or an Orleans client
/// (<c>Api:Role=Client</c>) that hosts no grain and names itself <see cref="ClientName"/>.
/// </summary>
public sealed class LocalNode(IServiceProvider services)
{
    /// <summary>How an API that is a cluster client names itself where a silo would give its address.</summary>
    public const string ClientName = "client";

    private readonly ILocalSiloDetails? _silo = services.GetService<ILocalSiloDetails>();

    /// <summary>This silo's address, or null in a client.</summary>
    public SiloAddress? Silo => _silo?.SiloAddress;

    /// <summary>This silo as <c>host:port@generation</c>, or <see cref="ClientName"/>.</summary>
    public string Name => Silo is { } silo ? NameOf(silo) : ClientName;

    /// <summary>A silo as the API shows it everywhere: <c>host:port@generation</c>.</summary>
    public static string NameOf(SiloAddress silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        return $"{silo.Endpoint}@{silo.Generation}";
    }
}
