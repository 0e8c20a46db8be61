using System.Net;
using System.Net.Sockets;

namespace Leasehold.Storage.Tests.Postgres;

/// <summary>
/// A loopback TCP relay in front of the database server that a test can shut: <see cref="Shut"/> resets
/// every relayed connection and refuses new ones (the server as a client sees it when the database is
/// down), <see cref="Open"/> accepts again on the same port. The real server is never touched, so other
/// tests using it run on undisturbed.
/// </summary>
public sealed class TcpGate : IAsyncDisposable
{
    private readonly string _upstreamHost;
    private readonly int _upstreamPort;
    private readonly Lock _lock = new();
    private readonly List<Socket> _connections = [];
    private readonly List<Task> _relays = [];
    private TcpListener? _listener;
    private Task _accepting = Task.CompletedTask;

    public TcpGate(string upstreamHost, int upstreamPort)
    {
        _upstreamHost = upstreamHost;
        _upstreamPort = upstreamPort;
        Port = Listen(0);
    }

    /// <summary>The loopback port clients connect to.</summary>
    public int Port { get; }

    /// <summary>Resets every relayed connection and refuses new ones until <see cref="Open"/>.</summary>
    public async Task ShutAsync()
    {
        Socket[] open;
        lock (_lock)
        {
            _listener?.Stop();
            _listener = null;
            open = [.. _connections];
            _connections.Clear();
        }

        foreach (var connection in open)
        {
            try
            {
                // Linger 0: the peer gets a reset, as when a server process dies, not a polite close.
                connection.LingerState = new LingerOption(true, 0);
            }
            catch (ObjectDisposedException)
            {
                // Its relay closed it a moment ago.
            }

            connection.Dispose();
        }

        await _accepting;
    }

    /// <summary>Accepts connections again, on the same port (nothing to do if open).</summary>
    public void Open()
    {
        lock (_lock)
        {
            if (_listener is not null)
            {
                return;
            }
        }

        Listen(Port);
    }

    public async ValueTask DisposeAsync()
    {
        await ShutAsync();
        Task[] relays;
        lock (_lock)
        {
            relays = [.. _relays];
        }

        await Task.WhenAll(relays);
    }

    private int Listen(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        lock (_lock)
        {
            _listener = listener;
        }

        _accepting = AcceptAsync(listener);
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return; // Shut.
            }

            lock (_lock)
            {
                _relays.Add(RelayAsync(client));
            }
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var upstream = new TcpClient();
        Socket[] sockets = [client.Client, upstream.Client];
        try
        {
            await upstream.ConnectAsync(_upstreamHost, _upstreamPort);
            lock (_lock)
            {
                if (_listener is null)
                {
                    return;
                }

                _connections.AddRange(sockets);
            }

            var up = client.GetStream().CopyToAsync(upstream.GetStream());
            var down = upstream.GetStream().CopyToAsync(client.GetStream());
            await Task.WhenAny(up, down);

            // One side ended: end the other, and observe both copies.
            client.Dispose();
            upstream.Dispose();
            await Task.WhenAll(up, down);
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException)
        {
            // A shut gate or a peer that went away: the relay ends either way.
        }
        finally
        {
            lock (_lock)
            {
                _connections.RemoveAll(sockets.Contains);
            }

            client.Dispose();
        }
    }
}
