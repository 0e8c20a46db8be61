using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Runtime;
using Orleans.Storage;

namespace Leasehold.Faults.Tests;

public sealed class PausingDecoratorTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_paused_silos_grain_storage_writes_nothing_until_it_resumes()
    {
        var (faults, services, storage, _) = Build();
        var decorated = services.GetRequiredKeyedService<IGrainStorage>("store");
        Assert.IsType<PausingGrainStorage>(decorated);

        faults.Pause();
        var write = decorated.WriteStateAsync("state", GrainId.Create("test", "1"), new GrainState<int>(7));
        Assert.False(write.IsCompleted);
        Assert.Equal(0, storage.Writes);

        faults.Resume();
        await write.WaitAsync(Bound);
        Assert.Equal(1, storage.Writes);
    }

    [Fact]
    public async Task A_paused_silos_membership_table_calls_wait_until_it_resumes()
    {
        var (faults, services, _, table) = Build();
        var decorated = services.GetRequiredService<IMembershipTable>();
        Assert.IsType<PausingMembershipTable>(decorated);

        faults.Pause();
        var read = decorated.ReadAllAsync(CancellationToken.None);
        Assert.False(read.IsCompleted);
        Assert.Equal(0, table.Reads);

        faults.Resume();
        await read.WaitAsync(Bound);
        Assert.Equal(1, table.Reads);
    }

    [Fact]
    public void Decorating_twice_wraps_once_and_the_storage_still_joins_the_silo_lifecycle()
    {
        var (_, services, storage, _) = Build(decorateTwice: true);

        var decorated = Assert.IsType<PausingGrainStorage>(services.GetRequiredKeyedService<IGrainStorage>("store"));
        var participant = services.GetRequiredService<ILifecycleParticipant<ISiloLifecycle>>();

        Assert.Same(decorated, participant);
        participant.Participate(null!);
        Assert.True(storage.Participated);
    }

    [Fact]
    public void A_killed_silo_cannot_be_resumed()
    {
        var (faults, _, _, _) = Build();

        faults.Kill();
        faults.Resume();

        Assert.True(faults.IsKilled);
        Assert.True(faults.IsPaused);
        Assert.False(faults.PauseGate.WhenRunningAsync().IsCompleted);
    }

    private static (FaultController Faults, ServiceProvider Services, CountingGrainStorage Storage, CountingMembershipTable Table) Build(bool decorateTwice = false)
    {
        var faults = new FaultController(new FaultClock(TimeProvider.System), new FaultsInstruments(new TestMeterFactory()), NullLogger<FaultController>.Instance);
        var storage = new CountingGrainStorage();
        var table = new CountingMembershipTable();
        var services = new ServiceCollection();
        services.AddSingleton(faults);
        services.AddKeyedSingleton<IGrainStorage>("store", storage);

        // As Orleans' storage providers register their part in the silo lifecycle: a cast of the keyed storage.
        services.AddSingleton(sp => (ILifecycleParticipant<ISiloLifecycle>)sp.GetRequiredKeyedService<IGrainStorage>("store"));
        services.AddSingleton<IMembershipTable>(table);
        services.HoldMembershipAndStorageWhilePaused();
        if (decorateTwice)
        {
            services.HoldMembershipAndStorageWhilePaused();
        }

        return (faults, services.BuildServiceProvider(), storage, table);
    }
}
