using Leasehold.Testing;

namespace Leasehold.Grains.Tests;

/// <summary>
/// A test class with its own silo on a temporary database and a manual clock that stands still unless
/// the test moves it: one fresh silo per test.
/// </summary>
public abstract class SiloTest : IAsyncLifetime
{
    private readonly TempDatabase _database = new();

    protected ManualTimeProvider Time { get; } = new();

    protected TestSilo Silo { get; private set; } = null!;

    public async Task InitializeAsync() => Silo = await TestSilo.StartAsync(_database, Time);

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        _database.Dispose();
    }
}
