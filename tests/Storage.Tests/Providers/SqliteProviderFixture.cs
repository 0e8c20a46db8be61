namespace Leasehold.Storage.Tests.Providers;

/// <summary>One SQLite provider on one temporary file, shared by the runs of a property; each run writes its own keys.</summary>
public sealed class SqliteProviderFixture : IAsyncLifetime
{
    private ProviderUnderTest? _provider;

    public ProviderUnderTest Provider => _provider ?? throw new InvalidOperationException("The provider is opened in InitializeAsync.");

    public async Task InitializeAsync() => _provider = await SqliteProviderUnderTest.OpenAsync();

    public async Task DisposeAsync()
    {
        if (_provider is not null)
        {
            await _provider.DisposeAsync();
        }
    }
}
