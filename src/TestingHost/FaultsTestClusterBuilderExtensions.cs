using Leasehold.Faults;
using Microsoft.Extensions.Hosting;
using Orleans.TestingHost;

namespace Leasehold.TestingHost;

/// <summary>Adds Leasehold's fault injection to every silo of an <see cref="InProcessTestCluster"/>.</summary>
public static class FaultsTestClusterBuilderExtensions
{
    /// <summary>
    /// Adds a <c>FaultController</c> to every silo the cluster starts (restarted ones included), with its connection
    /// middleware, grain call filter and clock, and puts each silo's membership table and grain storages behind
    /// its pause gate. Drive it with <see cref="FaultsTestClusterExtensions"/>. This sets the silos' container
    /// factory: a test that brings its own container cannot use it.
    /// </summary>
    public static InProcessTestClusterBuilder AddLeaseholdFaults(this InProcessTestClusterBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ConfigureSilo((_, silo) => silo.AddLeaseholdFaults());
        builder.ConfigureSiloHost((_, host) => host.ConfigureContainer(new PauseGatedServiceProviderFactory()));
        return builder;
    }
}
