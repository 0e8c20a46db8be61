using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans;
using Orleans.Runtime;

namespace Leasehold.Diagnostics;

/// <summary>Registers a silo's Leasehold instruments.</summary>
public static class DiagnosticsServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="LeaseholdInstruments"/>: the silo's <c>Leasehold</c> Meter (from the host's <see cref="IMeterFactory"/>
    /// when it has one), held leases and recent rejected writes. The host registers the <see cref="TimeProvider"/>.
    /// </summary>
    public static IServiceCollection AddLeaseholdInstruments(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => new LeaseholdInstruments(sp.GetService<IMeterFactory>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>
    /// Adds a silo's <see cref="MembershipInstruments"/> (<c>leasehold.membership.changes</c>, <c>leasehold.silos</c>), started
    /// and stopped with the silo's lifecycle. For silos only: they read Orleans' membership view. Idempotent.
    /// </summary>
    public static IServiceCollection AddLeaseholdMembershipInstruments(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(MembershipInstruments)))
        {
            return services;
        }

        services.AddSingleton<MembershipInstruments>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<MembershipInstruments>());
        return services;
    }
}
