using System.Collections.Concurrent;
using Leasehold.Runtime.Faults;
using Leasehold.Runtime.Membership;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Leasehold.Runtime.Messaging;

/// <summary>
/// The connections of this silo to the others: one per peer, made on first use, or the one the peer made
/// to us (either direction carries requests both ways). A broken connection is forgotten and made again.
/// </summary>
internal sealed class SiloConnections(
    SiloEndpoint endpoint,
    IMembershipView membership,
    IOptions<MessagingOptions> options,
    SiloPause pause,
    NetworkFaults network,
    ClusterSecret secret,
    ILoggerFactory loggerFactory) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<SiloAddress, Lazy<Task<SiloConnection>>> _connections = new();
    private readonly ConcurrentBag<SiloConnection> _all = [];
    private readonly ILogger _logger = loggerFactory.CreateLogger("Leasehold.Runtime.Messaging");
    private Func<SiloConnection, WireFrame.Request, Task>? _onRequest;

    public ILogger Logger => _logger;

    /// <summary>Where requests from peers go; set once by the incoming-call dispatcher.</summary>
    public void OnRequest(Func<SiloConnection, WireFrame.Request, Task> onRequest) => _onRequest = onRequest;

    public async Task<SiloConnection> GetAsync(SiloAddress silo)
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var entry = _connections.GetOrAdd(silo, s => new Lazy<Task<SiloConnection>>(() => ConnectAsync(s)));
            try
            {
                var connection = await entry.Value.ConfigureAwait(false);
                if (!connection.Closed.IsCancellationRequested)
                {
                    return connection;
                }
            }
            catch (SiloUnavailableException) when (attempt == 0)
            {
            }

            _connections.TryRemove(new KeyValuePair<SiloAddress, Lazy<Task<SiloConnection>>>(silo, entry));
        }

        throw new SiloUnavailableException($"No connection to silo {silo}.");
    }

    /// <summary>Adopts a connection a peer made to us, for our requests to it as well.</summary>
    public void Adopt(SiloConnection connection)
    {
        _all.Add(connection);
        connection.Start(_onRequest!, pause, network);
        membership.Observe(connection.RemoteMembershipVersion);
        _connections.TryAdd(connection.Remote, new Lazy<Task<SiloConnection>>(Task.FromResult(connection)));
    }

    /// <summary>Serves a grain client that uses this silo as its gateway; its connection is never used for our own requests.</summary>
    public void AdoptClient(SiloConnection connection)
    {
        _all.Add(connection);
        connection.Start(_onRequest!, pause, network);
    }

    /// <summary>Closes every connection at once, as a crash would (no goodbye).</summary>
    public void CloseAll(string reason)
    {
        foreach (var connection in _all)
        {
            connection.Close(reason);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _all)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<SiloConnection> ConnectAsync(SiloAddress silo)
    {
        if (network.RuleFor(silo.Endpoint) is { Drop: true })
        {
            throw new SiloUnavailableException($"Silo {silo} cannot be reached: this silo is partitioned from it.");
        }

        var connection = await SiloConnection.ConnectAsync(
            silo.Endpoint, endpoint.Hello(membership.Current.Version), await secret.GetKeyAsync().ConfigureAwait(false), options.Value.ConnectTimeout, options.Value.MaxFrameBytes, _logger, CancellationToken.None).ConfigureAwait(false);
        if (connection.Remote != silo)
        {
            // The endpoint answers, but as another incarnation: the silo we wanted is gone.
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new SiloUnavailableException($"Silo {silo} is gone; {connection.Remote} listens at its endpoint now.");
        }

        _all.Add(connection);
        connection.Start(_onRequest!, pause, network);
        membership.Observe(connection.RemoteMembershipVersion);
        return connection;
    }
}
