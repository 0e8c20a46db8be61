using System.Diagnostics.Metrics;
using Leasehold.Runtime.Activation;
using Leasehold.Runtime.Membership;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Leasehold.Runtime.Diagnostics;

/// <summary>Registers a silo's instruments.</summary>
public static class DiagnosticsServiceCollectionExtensions
{
    /// <summary>Adds <see cref="LeaseholdInstruments"/>: the silo's Meter, held leases and recent rejected writes.</summary>
    public static IServiceCollection AddLeaseholdInstruments(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => new LeaseholdInstruments(
            sp.GetService<IMeterFactory>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IMembershipView>(), sp.GetRequiredService<ActivationDirectory>()));
        return services;
    }
}
