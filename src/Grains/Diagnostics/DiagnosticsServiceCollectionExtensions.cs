using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

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
}
