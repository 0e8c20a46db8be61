using Microsoft.AspNetCore.Builder;

namespace Leasehold.NodeCluster;

/// <summary>Configures a <see cref="TestCluster"/>: how many silos, settings for every silo, service overrides.</summary>
public sealed class TestClusterBuilder(int initialSilos = 3)
{
    private readonly Dictionary<string, string> _settings = new(StringComparer.Ordinal);
    private readonly List<Action<WebApplicationBuilder>> _configure = [];
    private string? _postgresServer;

    /// <summary>Sets a configuration key (as <c>Section:Key</c>) for every silo.</summary>
    public TestClusterBuilder WithSetting(string key, string value)
    {
        _settings[key] = value;
        return this;
    }

    /// <summary>Adjusts every silo's host builder (replace a service, add a test grain).</summary>
    public TestClusterBuilder ConfigureSilo(Action<WebApplicationBuilder> configure)
    {
        _configure.Add(configure);
        return this;
    }

    /// <summary>
    /// Runs the cluster on PostgreSQL (<c>Storage:Provider=Postgres</c>) instead of a temporary SQLite file: each
    /// cluster gets a fresh schema on the server that <paramref name="connectionString"/> names, dropped on dispose.
    /// </summary>
    public TestClusterBuilder UsePostgres(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _postgresServer = connectionString;
        return this;
    }

    public Task<TestCluster> BuildAndStartAsync() => TestCluster.StartAsync(initialSilos, new Dictionary<string, string>(_settings), [.. _configure], _postgresServer);
}
