using Leasehold.NodeCluster;

namespace Leasehold.Client.Tests;

/// <summary>
/// The real Leasehold API (an <see cref="ApiNode"/>: Kestrel at 127.0.0.1 on its own temporary SQLite file) as an xunit
/// fixture. Stops and deletes its database on dispose.
/// </summary>
public class LeaseholdServer : IAsyncLifetime
{
    private ApiNode? _node;

    /// <summary>Extra settings (command-line form) of a derived server.</summary>
    protected virtual string[] Settings => [];

    /// <summary>The API's address, e.g. http://127.0.0.1:41234/.</summary>
    public Uri Endpoint => _node?.Endpoint ?? throw new InvalidOperationException("The server has not started.");

    public async Task InitializeAsync() => _node = await ApiNode.StartAsync(Settings);

    /// <summary>A client of this server (the caller disposes it).</summary>
    public LeaseholdClient CreateClient(LeaseholdClientOptions? options = null) => new(Endpoint, options);

    public async Task DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
    }
}
