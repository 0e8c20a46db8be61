using Leasehold.Faults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;

namespace Leasehold.NodeCluster;

/// <summary>One node of a <see cref="TestCluster"/>: an API host with its Orleans silo, its grain factory and an HTTP client for its API.</summary>
public sealed class TestSilo
{
    internal TestSilo(WebApplication app)
    {
        App = app;
        Address = app.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
        Membership = app.Services.GetRequiredService<IClusterMembershipService>();
        Grains = app.Services.GetRequiredService<IGrainFactory>();
        Faults = app.Services.GetRequiredService<FaultController>();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) };
    }

    public WebApplication App { get; }

    /// <summary>The API client of this node.</summary>
    public HttpClient Http { get; }

    /// <summary>This silo's incarnation (endpoint and generation).</summary>
    public SiloAddress Address { get; }

    /// <summary>The TCP port of the silo endpoint; a restart listens on it again.</summary>
    public int SiloPort => Address.Endpoint.Port;

    /// <summary>A grain factory whose calls enter the cluster at this silo.</summary>
    public IGrainFactory Grains { get; }

    /// <summary>This silo's membership view (Orleans').</summary>
    public IClusterMembershipService Membership { get; }

    /// <summary>This silo's fault controller.</summary>
    public FaultController Faults { get; }

    /// <summary>False once the silo was stopped or killed (or stopped itself on learning it was declared dead).</summary>
    public bool IsRunning { get; internal set; } = true;

    /// <summary>The status this silo's view gives <paramref name="other"/>.</summary>
    public SiloStatus StatusOf(TestSilo other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Membership.CurrentSnapshot.GetSiloStatus(other.Address);
    }

    /// <summary>The silos this silo's view holds Active.</summary>
    public IReadOnlySet<SiloAddress> ActiveSilos =>
        Membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).ToHashSet();

    public override string ToString() => $"{Address.Endpoint}@{Address.Generation}";
}
