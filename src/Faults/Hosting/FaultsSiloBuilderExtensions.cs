using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Leasehold.Faults;

/// <summary>Adds Leasehold's fault injection to an Orleans silo.</summary>
public static class FaultsSiloBuilderExtensions
{
    /// <summary>
    /// Registers this silo's <see cref="FaultController"/> and plugs it into Orleans: connection middleware on the
    /// silo's inbound and outbound silo connections and its gateway connections (partitions, delays, the transport
    /// stall of a pause), an incoming grain call filter (a pause holds grain turns), and a <see cref="FaultClock"/> as
    /// the silo's <see cref="TimeProvider"/> (skew), wrapping the one registered before it if that was an instance.
    /// Membership-table and storage calls are held by <see cref="FaultsServiceCollectionExtensions.HoldMembershipAndStorageWhilePaused"/>,
    /// which must run after they are registered. Nothing is injected until the controller is told to.
    /// </summary>
    public static ISiloBuilder AddLeaseholdFaults(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(FaultController)))
        {
            return builder;
        }

        var previous = services.LastOrDefault(d => d.ServiceType == typeof(TimeProvider) && !d.IsKeyedService)?.ImplementationInstance as TimeProvider;
        var clock = new FaultClock(previous is null or FaultClock ? TimeProvider.System : previous);

        // Only the unkeyed default: Orleans' catch-all keyed registration resolves every area not pinned to it.
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(TimeProvider) && !services[i].IsKeyedService)
            {
                services.RemoveAt(i);
            }
        }

        services.AddSingleton(clock);
        services.AddSingleton<TimeProvider>(clock);
        services.TryAddSingleton<FaultsInstruments>();
        services.AddSingleton(sp => new FaultController(
            sp.GetRequiredService<FaultClock>(),
            sp.GetRequiredService<FaultsInstruments>(),
            sp.GetRequiredService<ILogger<FaultController>>()));

        builder.AddIncomingGrainCallFilter<PauseGrainCallFilter>();
        services.AddOptions<SiloConnectionOptions>().Configure<IServiceProvider>((options, sp) =>
        {
            var faults = sp.GetRequiredService<FaultController>();
            options.ConfigureSiloOutboundConnection(connection => Use(connection, faults, ConnectionKind.SiloOutbound));
            options.ConfigureSiloInboundConnection(connection => Use(connection, faults, ConnectionKind.SiloInbound));
            options.ConfigureGatewayInboundConnection(connection => Use(connection, faults, ConnectionKind.GatewayInbound));
        });
        return builder;
    }

    private static void Use(IConnectionBuilder connection, FaultController faults, ConnectionKind kind) =>
        connection.UseMiddleware(new FaultConnectionMiddleware(faults, kind));
}
