using Leasehold.Faults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Runtime;

namespace Leasehold.TestingHost;

/// <summary>Drives a silo's grain time with a clock of the test's choosing while Orleans' own loops keep real time.</summary>
public static class GrainClockServiceCollectionExtensions
{
    /// <summary>
    /// Makes <paramref name="clock"/> (a <c>FakeTimeProvider</c>, say) the silo's default <see cref="TimeProvider"/>: what
    /// grains read (lease TTLs, <c>IGrainRuntime.TimeProvider</c>, grain timers) and what the host's own services read.
    /// Orleans' messaging, membership, directory, activation-collection and system timers are pinned to real time
    /// (Orleans' <see cref="TimeProviderNames"/>), so a frozen test clock never stalls probes or call timeouts and
    /// advancing it never runs those loops inline. Call it after the silo is configured; the last registration wins.
    /// </summary>
    public static IServiceCollection UseGrainClock(this IServiceCollection services, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(clock);
        var real = services.LastOrDefault(d => d.ServiceType == typeof(FaultClock) && !d.IsKeyedService)?.ImplementationInstance as TimeProvider
            ?? TimeProvider.System;
        services.Replace(ServiceDescriptor.Singleton(clock));
        string[] maintenance =
        [
            TimeProviderNames.Messaging, TimeProviderNames.Membership, TimeProviderNames.SystemTimers,
            TimeProviderNames.ActivationManagement, TimeProviderNames.GrainDirectory,
        ];
        foreach (var area in maintenance)
        {
            services.AddKeyedSingleton(area, real);
        }

        return services;
    }
}
