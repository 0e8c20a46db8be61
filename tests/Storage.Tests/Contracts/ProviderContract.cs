using Leasehold.Storage.Tests.Providers;

namespace Leasehold.Storage.Tests.Contracts;

/// <summary>
/// The base of every provider contract: each test gets the provider on a fresh database (a new SQLite
/// file, a new PostgreSQL schema) and disposes it afterwards. Concrete classes say which provider.
/// </summary>
public abstract class ProviderContract : IAsyncLifetime
{
    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private ProviderUnderTest? _provider;

    protected ProviderUnderTest Provider => _provider ?? throw new InvalidOperationException("The provider is opened in InitializeAsync.");

    public async Task InitializeAsync()
    {
        _provider = await OpenProviderAsync(maxBatchSize: 256);
        await OnOpenedAsync();
    }

    public async Task DisposeAsync()
    {
        if (_provider is not null)
        {
            await _provider.DisposeAsync();
        }
    }

    /// <summary>Prepares what every test of a contract starts from, once the provider is open.</summary>
    protected virtual Task OnOpenedAsync() => Task.CompletedTask;

    /// <summary>Opens the provider under test on a fresh database of its own.</summary>
    protected abstract Task<ProviderUnderTest> OpenProviderAsync(int maxBatchSize);
}
