using Leasehold.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Leasehold.Grains.Tests;

/// <summary>
/// A test class with its own silo on a temporary database and a fake clock that stands still unless
/// the test moves it: one fresh silo per test.
/// </summary>
public abstract class SiloTest : IAsyncLifetime
{
    private readonly TempDatabase _database = new();

    protected SiloTest() => Clock = new SteppableWallClock(Time);

    /// <summary>Moves both clocks of the silo and fires its timers.</summary>
    protected FakeTimeProvider Time { get; } = new();

    /// <summary>The silo's clock: <see cref="Time"/>, with a wall clock a test may step alone.</summary>
    protected SteppableWallClock Clock { get; }

    protected TestSilo Silo { get; private set; } = null!;

    public async Task InitializeAsync() => Silo = await TestSilo.StartAsync(_database, Clock);

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        _database.Dispose();
    }
}
