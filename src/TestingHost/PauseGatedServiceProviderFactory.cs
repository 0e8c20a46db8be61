using Leasehold.Faults;
using Microsoft.Extensions.DependencyInjection;

namespace Leasehold.TestingHost;

/// <summary>
/// The default container, built after one last step: the silo's membership table and grain storages are put
/// behind its pause gate. It has to run when the container is built because an <c>InProcessTestCluster</c>
/// registers its shared in-process membership table after every <c>ConfigureSilo</c> delegate has run.
/// </summary>
internal sealed class PauseGatedServiceProviderFactory : IServiceProviderFactory<IServiceCollection>
{
    public IServiceCollection CreateBuilder(IServiceCollection services) => services;

    public IServiceProvider CreateServiceProvider(IServiceCollection containerBuilder) =>
        containerBuilder.HoldMembershipAndStorageWhilePaused().BuildServiceProvider();
}
