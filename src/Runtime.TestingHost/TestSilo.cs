using Leasehold.Runtime;
using Leasehold.Runtime.Faults;
using Leasehold.Runtime.Membership;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Leasehold.TestingHost;

/// <summary>One silo of a <see cref="TestCluster"/>: its host, its grain factory and an HTTP client for its API.</summary>
public sealed class TestSilo
{
    internal TestSilo(WebApplication app, int siloPort)
    {
        App = app;
        SiloPort = siloPort;
        Membership = app.Services.GetRequiredService<IMembershipView>();
        Address = Membership.LocalSilo;
        Grains = app.Services.GetRequiredService<IGrainFactory>();
        Faults = app.Services.GetRequiredService<FaultController>();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) };
    }

    public WebApplication App { get; }

    /// <summary>The API client of this silo.</summary>
    public HttpClient Http { get; }

    /// <summary>This silo's incarnation (endpoint and generation).</summary>
    public SiloAddress Address { get; }

    /// <summary>The TCP port of the silo endpoint; a restart listens on it again.</summary>
    public int SiloPort { get; }

    /// <summary>A grain factory whose calls enter the cluster at this silo.</summary>
    public IGrainFactory Grains { get; }

    /// <summary>This silo's membership view.</summary>
    public IMembershipView Membership { get; }

    /// <summary>This silo's fault controller.</summary>
    public FaultController Faults { get; }

    /// <summary>False once the silo was stopped or killed.</summary>
    public bool IsRunning { get; internal set; } = true;

    public override string ToString() => Address.ToString();
}
