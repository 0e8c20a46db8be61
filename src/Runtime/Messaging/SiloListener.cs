using System.Net.Sockets;
using Leasehold.Runtime.Membership;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Leasehold.Runtime.Messaging;

/// <summary>Accepts connections from other silos on the silo port; a peer that does not say a proper hello in time is dropped.</summary>
internal sealed class SiloListener(
    SiloEndpoint endpoint,
    SiloConnections connections,
    IncomingCalls incoming,
    IMembershipView membership,
    ClusterSecret secret,
    IOptions<MessagingOptions> options) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _acceptLoop = Task.CompletedTask;

    public IncomingCalls Incoming => incoming;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Load the cluster secret now (from the database unless configured), so the first peer is not kept waiting.
        await secret.GetKeyAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        _acceptLoop = AcceptLoopAsync(_stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        endpoint.Socket.Close();
        await _acceptLoop.ConfigureAwait(false);
    }

    public void Dispose() => _stopping.Dispose();

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await endpoint.Socket.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = AcceptAsync(socket, cancellationToken);
        }
    }

    private async Task AcceptAsync(Socket socket, CancellationToken cancellationToken)
    {
        var connection = await SiloConnection.AcceptAsync(
            socket, endpoint.Hello(membership.Current.Version), await secret.GetKeyAsync().ConfigureAwait(false), options.Value.ConnectTimeout, options.Value.MaxFrameBytes, connections.Logger, cancellationToken).ConfigureAwait(false);
        if (connection is { IsClient: true })
        {
            connections.AdoptClient(connection);
        }
        else if (connection is not null)
        {
            connections.Adopt(connection);
        }
    }
}
