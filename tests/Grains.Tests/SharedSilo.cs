using Leasehold.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Leasehold.Grains.Tests;

/// <summary>
/// One silo on a temporary database for all the tests of a class (an Orleans silo takes a second or more to start), with
/// a fake grains' clock that stands still unless a test moves it. Each test keeps to resources of its own
/// (<see cref="SiloTest.Name"/>), so what one test leaves behind — a held lease, a waiter, a moved clock — is never
/// what another test looks at.
/// </summary>
public sealed class SharedSilo : IAsyncLifetime
{
    private readonly TempDatabase _database = new();

    public SharedSilo() => Clock = new SteppableWallClock(Time);

    /// <summary>Moves both clocks of the grains and fires their timers.</summary>
    public FakeTimeProvider Time { get; } = new();

    /// <summary>The grains' clock: <see cref="Time"/>, with a wall clock a test may step alone.</summary>
    public SteppableWallClock Clock { get; }

    public TestSilo Silo { get; private set; } = null!;

    public async Task InitializeAsync() => Silo = await TestSilo.StartAsync(_database, Clock);

    public async Task DisposeAsync()
    {
        // Waiters a test left in line do not hold up the stop: a stopping silo sends them away (LeaseGrainShutdownTests).
        await Silo.DisposeAsync();
        _database.Dispose();
    }
}
