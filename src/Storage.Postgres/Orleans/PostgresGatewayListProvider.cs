using System.Net;
using Leasehold.Storage.Postgres;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Messaging;
using Orleans.Runtime;

namespace Leasehold.Storage.Postgres;

/// <summary>
/// Gateways for Orleans clients, read from <c>orleans_membership</c>: the Active silos that listen for clients
/// (a proxy port above 0), at that port.
/// </summary>
internal sealed class PostgresGatewayListProvider(PostgresDatabase database, IOptions<ClusterOptions> clusterOptions, IOptions<GatewayOptions> gatewayOptions)
    : IGatewayListProvider
{
    public TimeSpan MaxStaleness => gatewayOptions.Value.GatewayListRefreshPeriod;

    [Obsolete("Orleans no longer reads it; every provider is updatable.")]
    public bool IsUpdatable => true;

    public Task InitializeGatewayListProvider() => database.EnsureInitializedAsync();

    public Task InitializeGatewayListProviderAsync(CancellationToken cancellationToken) => database.EnsureInitializedAsync().WaitAsync(cancellationToken);

    public Task<IList<Uri>> GetGateways() => GetGatewaysAsync(CancellationToken.None);

    public Task<IList<Uri>> GetGatewaysAsync(CancellationToken cancellationToken) => database.ReadAsync<IList<Uri>>(async (connection, ct) =>
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT address, proxy_port, generation FROM orleans_membership
            WHERE cluster_id = @cluster AND status = 'Active' AND proxy_port > 0
            ORDER BY address, proxy_port
            """;
        command.Parameters.AddWithValue("cluster", clusterOptions.Value.ClusterId);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var gateways = new List<Uri>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var endpoint = new IPEndPoint(IPAddress.Parse(reader.GetString(0)), reader.GetInt32(1));
            gateways.Add(SiloAddress.New(endpoint, reader.GetInt32(2)).ToGatewayUri());
        }

        return gateways;
    }, cancellationToken);
}
