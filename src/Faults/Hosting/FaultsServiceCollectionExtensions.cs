using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Leasehold.Faults;

/// <summary>Puts a silo's membership table and grain storages behind its pause gate.</summary>
public static class FaultsServiceCollectionExtensions
{
    /// <summary>
    /// Wraps every <see cref="IMembershipTable"/> and every (named) <see cref="IGrainStorage"/> registered so far in a
    /// decorator that waits while the silo is paused (<see cref="PausingMembershipTable"/>,
    /// <see cref="PausingGrainStorage"/>). Call it after everything that registers them — last, when the container
    /// is built (<c>Leasehold.TestingHost</c> does so for an <c>InProcessTestCluster</c>) — on a silo that has
    /// <see cref="FaultsSiloBuilderExtensions.AddLeaseholdFaults"/>. Idempotent.
    /// </summary>
    public static IServiceCollection HoldMembershipAndStorageWhilePaused(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        for (var i = 0; i < services.Count; i++)
        {
            var descriptor = services[i];
            if (descriptor.ServiceType == typeof(IMembershipTable) && !IsPausing(descriptor))
            {
                services[i] = Decorate<IMembershipTable>(descriptor, (sp, inner) => new PausingMembershipTable(inner, sp.GetRequiredService<FaultController>().PauseGate));
            }
            else if (descriptor.ServiceType == typeof(IGrainStorage) && !IsPausing(descriptor))
            {
                services[i] = Decorate<IGrainStorage>(descriptor, (sp, inner) => new PausingGrainStorage(inner, sp.GetRequiredService<FaultController>().PauseGate));
            }
        }

        return services;
    }

    private static bool IsPausing(ServiceDescriptor descriptor) =>
        (descriptor.IsKeyedService ? descriptor.KeyedImplementationType : descriptor.ImplementationType) is { } type
        && (type == typeof(PausingMembershipTable) || type == typeof(PausingGrainStorage))
        || (descriptor.IsKeyedService ? descriptor.KeyedImplementationFactory?.Target : descriptor.ImplementationFactory?.Target) is Decorated;

    private static ServiceDescriptor Decorate<T>(ServiceDescriptor descriptor, Func<IServiceProvider, T, T> wrap)
        where T : class
    {
        if (descriptor.IsKeyedService)
        {
            var keyed = new Decorated((sp, key) => wrap(sp, (T)CreateKeyed(sp, descriptor, key)));
            return ServiceDescriptor.DescribeKeyed(typeof(T), descriptor.ServiceKey, keyed.Create, descriptor.Lifetime);
        }

        var plain = new Decorated((sp, _) => wrap(sp, (T)Create(sp, descriptor)));
        return ServiceDescriptor.Describe(typeof(T), plain.Create, descriptor.Lifetime);
    }

    private static object Create(IServiceProvider services, ServiceDescriptor descriptor) =>
        descriptor.ImplementationInstance
        ?? descriptor.ImplementationFactory?.Invoke(services)
        ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!);

    private static object CreateKeyed(IServiceProvider services, ServiceDescriptor descriptor, object? key) =>
        descriptor.KeyedImplementationInstance
        ?? descriptor.KeyedImplementationFactory?.Invoke(services, key)
        ?? ActivatorUtilities.CreateInstance(services, descriptor.KeyedImplementationType!);

    /// <summary>Marks a factory as a pausing decorator's, so decorating twice wraps once.</summary>
    private sealed class Decorated(Func<IServiceProvider, object?, object> create)
    {
        public object Create(IServiceProvider services, object? key) => create(services, key);

        public object Create(IServiceProvider services) => create(services, null);
    }
}
