using Leasehold.Faults;
using Leasehold.Diagnostics;
using Leasehold.Grains.Cluster;
using Leasehold.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Orleans.Hosting;

namespace Leasehold.Hosting;

/// <summary>Turns a .NET host into a Leasehold silo or cluster client on Microsoft Orleans, configured the same way in every host.</summary>
public static class LeaseholdHostBuilderExtensions
{
    /// <summary>The shared defaults file, copied beside every host's binaries from the repository's <c>appsettings.json</c>.</summary>
    public const string DefaultsFileName = "leasehold.defaults.json";

    /// <summary>
    /// Adds an Orleans silo with everything Leasehold runs on it: the shared defaults (lowest precedence, under the host's
    /// own appsettings, environment and command line); the <c>Cluster</c> section (identity, endpoints, failure detection,
    /// call timeout); clustering, grain storage and the fenced store on the database of <c>Storage</c>; the lease and object
    /// grains; mutual TLS between silos (<c>Cluster:Tls</c>); the fault controller (inert until told); trace propagation
    /// through grain calls when traces are exported (<see cref="TelemetryHostBuilderExtensions.ExportsTraces"/>); and the
    /// telemetry. <paramref name="gatewayByDefault"/>: whether a silo whose
    /// <c>Cluster:GatewayPort</c> is unset opens a gateway on a free port (a headless silo) or none (the API, which
    /// serves HTTP itself). <paramref name="configure"/> runs last, for a host's or a test's own additions.
    /// </summary>
    public static IHostApplicationBuilder AddLeaseholdSilo(this IHostApplicationBuilder builder, bool gatewayByDefault = false, Action<ISiloBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddDefaults(builder);
        var configuration = builder.Configuration;
        builder.AddLeaseholdTelemetry();
        builder.UseOrleans(silo =>
        {
            silo.UseLeaseholdCluster(configuration, gatewayByDefault)
                .UseLeaseholdClustering(configuration)
                .AddLeasehold(configuration)
                .UseLeaseholdClusterTls(configuration)
                .AddLeaseholdFaults();
            if (TelemetryHostBuilderExtensions.ExportsTraces(configuration))
            {
                silo.AddActivityPropagation();
            }

            configure?.Invoke(silo);
        });

        builder.Services.AddSingleton<ISiloFaultsSource, FaultControllerReport>();

        // Last, once the table and the storages are registered: a paused silo holds their calls too, as SIGSTOP would.
        builder.Services.HoldMembershipAndStorageWhilePaused();
        return builder;
    }

    /// <summary>
    /// Adds an Orleans cluster client in front of a cluster of Leasehold silos: gateways found in the membership table of
    /// <c>Storage</c>, <c>Cluster:ClusterId</c> and the call timeout, mutual TLS (<c>Cluster:Tls</c>), trace propagation
    /// when traces are exported, the telemetry. The process hosts no grain; its calls go to the silos' gateways.
    /// </summary>
    public static IHostApplicationBuilder AddLeaseholdClient(this IHostApplicationBuilder builder, Action<IClientBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddDefaults(builder);
        var configuration = builder.Configuration;
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddLeaseholdInstruments();
        builder.AddLeaseholdTelemetry();
        builder.UseOrleansClient(client =>
        {
            client.UseLeaseholdCluster(configuration)
                .UseLeaseholdClustering(configuration)
                .UseLeaseholdClusterTls(configuration);
            if (TelemetryHostBuilderExtensions.ExportsTraces(configuration))
            {
                client.AddActivityPropagation();
            }

            configure?.Invoke(client);
        });
        return builder;
    }

    private static void AddDefaults(IHostApplicationBuilder builder)
    {
        var defaults = Path.Combine(AppContext.BaseDirectory, DefaultsFileName);
        if (File.Exists(defaults))
        {
            builder.Configuration.Sources.Insert(0, new ConfigurationBuilder().AddJsonFile(defaults, optional: true).Sources[0]);
        }
    }
}
