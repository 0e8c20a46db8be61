using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Leasehold.Runtime.Faults;
using Leasehold.Runtime.Membership;
using Microsoft.Extensions.Logging;

namespace Leasehold.Runtime.Messaging;

/// <summary>
/// One TCP connection to another silo of this cluster, after both sides said hello. Requests carry ids;
/// responses complete them in any order. When the connection breaks, every request still waiting fails
/// with an unknown outcome if its frame had gone out (it may have run on the other side), or as not sent if it
/// had not. Frames to send wait in one queue that a single writer drains: everything waiting goes out in one
/// flush, so under load many frames share a system call.
/// </summary>
internal sealed partial class SiloConnection : IAsyncDisposable
{
    // A writer that has this much unflushed flushes before encoding more, so a long queue streams out.
    private const int FlushThresholdBytes = 64 * 1024;
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _reader;
    private readonly PipeWriter _writer;
    private readonly Channel<Outgoing> _outgoing = Channel.CreateUnbounded<Outgoing>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<long, PendingRequest> _pending = new();
    private readonly CancellationTokenSource _closed = new();
    private readonly int _maxFrameBytes;
    private readonly ILogger _logger;
    private readonly Task _writeLoop;
    private Func<SiloConnection, WireFrame.Request, Task>? _onRequest;
    private SiloPause? _pause;
    private NetworkFaults? _network;
    private Task _readLoop = Task.CompletedTask;
    private long _nextId;

    private SiloConnection(Socket socket, int maxFrameBytes, ILogger logger)
    {
        _socket = socket;
        _socket.NoDelay = true;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = PipeReader.Create(_stream);
        _writer = PipeWriter.Create(_stream);
        _maxFrameBytes = maxFrameBytes;
        _logger = logger;
        _writeLoop = WriteLoopAsync();
    }

    /// <summary>The silo at the other end, as it introduced itself.</summary>
    public SiloAddress Remote { get; private set; }

    /// <summary>True when the peer is a grain client using this silo as its gateway, not a silo.</summary>
    public bool IsClient { get; private set; }

    /// <summary>The client's id when <see cref="IsClient"/>.</summary>
    public string? ClientId { get; private set; }

    /// <summary>The membership version the peer last told us about.</summary>
    public long RemoteMembershipVersion { get; private set; }

    /// <summary>Cancelled when the connection is closed, for whatever reason.</summary>
    public CancellationToken Closed => _closed.Token;

    /// <summary>
    /// Connects and goes through the handshake: hello with a fresh nonce; the acceptor's hello must prove the cluster
    /// secret over it; then this side proves it over the acceptor's nonce. Throws <see cref="SiloUnavailableException"/>
    /// if the silo cannot be reached or is not one of ours.
    /// </summary>
    public static async Task<SiloConnection> ConnectAsync(
        IPEndPoint endpoint, WireFrame hello, byte[] key, TimeSpan timeout, int maxFrameBytes, ILogger logger, CancellationToken cancellationToken)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        SiloConnection? connection = null;
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            await socket.ConnectAsync(endpoint, deadline.Token).ConfigureAwait(false);
            connection = new SiloConnection(socket, maxFrameBytes, logger);
            var nonce = ClusterSecret.NewNonce();
            var (clusterId, identity, opening) = hello switch
            {
                WireFrame.Hello silo => (silo.ClusterId, IdentityOf(silo), (WireFrame)(silo with { Nonce = nonce, Proof = null })),
                WireFrame.ClientHello client => (client.ClusterId, IdentityOf(client), client with { Nonce = nonce }),
                _ => throw new ArgumentException("Only a hello opens a connection.", nameof(hello)),
            };
            await connection.SendAsync(opening).ConfigureAwait(false);
            var accepted = await connection.ReceiveHelloAsync(clusterId, acceptClients: false, deadline.Token).ConfigureAwait(false);
            if (!ClusterSecret.Verify(key, "acceptor", nonce, IdentityOf(accepted), ((WireFrame.Hello)accepted).Proof))
            {
                throw new InvalidFrameException($"The peer at {endpoint} cannot prove the secret of cluster '{clusterId}'.");
            }

            await connection.SendAsync(new WireFrame.HandshakeProof(ClusterSecret.Prove(key, "connector", Nonce(accepted), identity))).ConfigureAwait(false);
            return connection;
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException or InvalidFrameException or SiloConnectionLostException or SiloUnavailableException)
        {
            if (connection is null)
            {
                socket.Dispose();
            }
            else
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            throw new SiloUnavailableException($"Silo {endpoint} cannot be reached: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Takes an accepted socket through the handshake (see <see cref="ConnectAsync"/>); null (and closed) if the peer is
    /// a stranger: another cluster, garbage, silence, or no proof of the cluster secret.
    /// </summary>
    public static async Task<SiloConnection?> AcceptAsync(
        Socket socket, WireFrame.Hello hello, byte[] key, TimeSpan timeout, int maxFrameBytes, ILogger logger, CancellationToken cancellationToken)
    {
        var connection = new SiloConnection(socket, maxFrameBytes, logger);
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            var opening = await connection.ReceiveHelloAsync(hello.ClusterId, acceptClients: true, deadline.Token).ConfigureAwait(false);
            var nonce = ClusterSecret.NewNonce();
            await connection.SendAsync(hello with { Nonce = nonce, Proof = ClusterSecret.Prove(key, "acceptor", Nonce(opening), IdentityOf(hello)) }).ConfigureAwait(false);
            var proof = await connection.ReadFrameAsync(deadline.Token).ConfigureAwait(false) as WireFrame.HandshakeProof;
            if (!ClusterSecret.Verify(key, "connector", nonce, IdentityOf(opening), proof?.Mac))
            {
                throw new InvalidFrameException($"The peer cannot prove the secret of cluster '{hello.ClusterId}'.");
            }

            return connection;
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException or InvalidFrameException or SiloConnectionLostException or SiloUnavailableException)
        {
            LogStrangerDropped(logger, socket.RemoteEndPoint?.ToString() ?? "?", ex.Message);
            await connection.DisposeAsync().ConfigureAwait(false);
            return null;
        }
    }

    private static string IdentityOf(WireFrame hello) => hello switch
    {
        WireFrame.Hello silo => $"silo {silo.Host}:{silo.Port}@{silo.Generation}",
        WireFrame.ClientHello client => $"client {client.ClientId}",
        _ => throw new InvalidFrameException("Not a hello."),
    };

    private static string Nonce(WireFrame hello)
    {
        var nonce = hello switch
        {
            WireFrame.Hello silo => silo.Nonce,
            WireFrame.ClientHello client => client.Nonce,
            _ => string.Empty,
        };
        return nonce.Length >= 16 ? nonce : throw new InvalidFrameException("The hello carries no nonce.");
    }

    /// <summary>
    /// Starts reading frames; requests from the peer go to <paramref name="onRequest"/>. A silo's connections obey its
    /// injected faults: while <paramref name="pause"/> is paused no frame is handled or sent, and frames to a silo that
    /// <paramref name="network"/> drops or delays are dropped or delayed.
    /// </summary>
    public void Start(Func<SiloConnection, WireFrame.Request, Task> onRequest, SiloPause? pause = null, NetworkFaults? network = null)
    {
        _onRequest = onRequest;
        _pause = pause;
        _network = network;
        _readLoop = ReadLoopAsync();
    }

    /// <summary>
    /// Sends a request and waits for its response until <paramref name="timeout"/>. Throws
    /// <see cref="SiloUnavailableException"/> when the frame was never sent (retrying is safe),
    /// <see cref="SiloConnectionLostException"/> when the connection broke after it was (the outcome is unknown), and
    /// <see cref="TimeoutException"/> at the deadline.
    /// </summary>
    public async Task<WireFrame.Response> RequestAsync(Func<long, WireFrame> frameFor, TimeSpan timeout, TimeProvider time)
    {
        var id = Interlocked.Increment(ref _nextId);
        var pending = new PendingRequest();
        _pending[id] = pending;
        try
        {
            var frame = frameFor(id);
            if (!HasFaults)
            {
                Enqueue(new Outgoing(frame, pending));
                return await pending.Task.WaitAsync(timeout, time).ConfigureAwait(false);
            }

            // The deadline covers the whole call, sending included: a frame held up on the way (a slow or faulty
            // network) still goes out late, and the caller has given up by then.
            var started = time.GetTimestamp();
            await SendThroughFaultsAsync(frame, pending).WaitAsync(timeout, time).ConfigureAwait(false);
            var remaining = timeout - time.GetElapsedTime(started);
            return await pending.Task.WaitAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, time).ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>Sends a frame that expects no answer (a response, a hello); throws <see cref="SiloUnavailableException"/> if the connection is closed.</summary>
    public Task SendAsync(WireFrame frame)
    {
        if (HasFaults)
        {
            return SendThroughFaultsAsync(frame, pending: null);
        }

        Enqueue(new Outgoing(frame, null));
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        Close("disposed");
        try
        {
            await _readLoop.ConfigureAwait(false);
            await _writeLoop.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
        }

        // The socket is closed already: completing the pipes may find the stream gone, which is fine.
        // The closed token is left to the collector: a send racing this dispose must see a cancelled token, not a
        // disposed one.
        try
        {
            await _reader.CompleteAsync().ConfigureAwait(false);
            await _writer.CompleteAsync().ConfigureAwait(false);
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
        }
    }

    /// <summary>Closes the socket at once (no goodbye) and fails every waiting request with an unknown outcome.</summary>
    public void Close(string reason)
    {
        try
        {
            if (_closed.IsCancellationRequested)
            {
                return;
            }

            _closed.Cancel();
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        _outgoing.Writer.TryComplete();

        // The socket closes before the requests are failed: a frame the writer has not marked written by now can no
        // longer reach the peer, so calling it not sent is the truth, and retrying it is safe.
        _socket.Close();
        foreach (var pending in _pending.Values)
        {
            pending.TrySetException(pending.Written
                ? new SiloConnectionLostException($"The connection to {Remote} closed ({reason}) before the response came; the outcome is unknown.")
                : NotSent());
        }
    }

    private async Task<WireFrame> ReceiveHelloAsync(string clusterId, bool acceptClients, CancellationToken cancellationToken)
    {
        var frame = await ReadFrameAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new IOException("The peer closed the connection before saying hello.");
        switch (frame)
        {
            case WireFrame.Hello hello when hello.ClusterId == clusterId && IPAddress.TryParse(hello.Host, out var address):
                Remote = new SiloAddress(new IPEndPoint(address, hello.Port), hello.Generation);
                RemoteMembershipVersion = hello.MembershipVersion;
                return hello;
            case WireFrame.ClientHello client when acceptClients && client.ClusterId == clusterId:
                IsClient = true;
                ClientId = client.ClientId;
                Remote = new SiloAddress((IPEndPoint)_socket.RemoteEndPoint!, 0);
                return client;
            default:
                throw new InvalidFrameException($"The peer is not a silo or client of cluster '{clusterId}'.");
        }
    }

    private async Task<WireFrame?> ReadFrameAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = read.Buffer;
            if (FrameCodec.TryRead(ref buffer, _maxFrameBytes, out var payload))
            {
                var frame = WireCodec.Read(payload);
                _reader.AdvanceTo(buffer.Start);
                return frame;
            }

            _reader.AdvanceTo(buffer.Start, buffer.End);
            if (read.IsCompleted)
            {
                return null;
            }
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (await ReadFrameAsync(_closed.Token).ConfigureAwait(false) is { } frame)
            {
                if (_pause is { IsPaused: true } pause)
                {
                    await pause.WhenRunningAsync().WaitAsync(_closed.Token).ConfigureAwait(false);
                }

                switch (frame)
                {
                    case WireFrame.Response response:
                        RemoteMembershipVersion = Math.Max(RemoteMembershipVersion, response.MembershipVersion);
                        if (_pending.TryGetValue(response.Id, out var waiting))
                        {
                            waiting.TrySetResult(response);
                        }

                        break;
                    case WireFrame.Request request:
                        RemoteMembershipVersion = Math.Max(RemoteMembershipVersion, request.MembershipVersion);
                        _ = _onRequest!(this, request);
                        break;
                    case WireFrame.Ping ping:
                        _ = SendQuietlyAsync(new WireFrame.Response(ping.Id, ReadOnlyMemory<byte>.Empty, null, 0));
                        break;
                    default:
                        throw new InvalidFrameException($"Unexpected {frame.GetType().Name} after hello.");
                }
            }

            Close("the peer closed the connection");
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or InvalidFrameException or ObjectDisposedException)
        {
            Close(ex.Message);
        }
    }

    private async Task SendQuietlyAsync(WireFrame frame)
    {
        try
        {
            await SendAsync(frame).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SiloConnectionLostException or SiloUnavailableException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection is gone; the peer's request fails on its side with an unknown outcome.
        }
    }

    private bool HasFaults => _pause is { IsPaused: true } || (!IsClient && _network is { IsEmpty: false });

    private void Enqueue(Outgoing item)
    {
        if (!_outgoing.Writer.TryWrite(item))
        {
            throw NotSent();
        }
    }

    /// <summary>A frame on its way through this silo's injected faults: held while paused, delayed or dropped as its destination's rule says.</summary>
    private async Task SendThroughFaultsAsync(WireFrame frame, PendingRequest? pending)
    {
        try
        {
            if (_pause is { IsPaused: true } pause)
            {
                await pause.WhenRunningAsync().WaitAsync(_closed.Token).ConfigureAwait(false);
            }

            if (!IsClient && _network?.RuleFor(Remote.Endpoint) is { } rule)
            {
                if (rule.Drop)
                {
                    // Lost on the way: the peer never sees it, and a request's caller waits until its deadline. For the
                    // caller it is as good as sent: it cannot tell a lost frame from a lost answer.
                    pending?.MarkWritten();
                    return;
                }

                await Task.Delay(rule.Delay, _closed.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            throw NotSent();
        }

        Enqueue(new Outgoing(frame, pending));
    }

    /// <summary>The one writer: encodes every queued frame into the pipe and flushes once the queue is empty.</summary>
    private async Task WriteLoopAsync()
    {
        var encoded = new ArrayBufferWriter<byte>(1024);
        try
        {
            while (await _outgoing.Reader.WaitToReadAsync(_closed.Token).ConfigureAwait(false))
            {
                while (_outgoing.Reader.TryRead(out var item))
                {
                    if (!TryEncode(item, encoded))
                    {
                        continue;
                    }

                    // From here the peer may see the frame: if the connection breaks now, a request's outcome is unknown.
                    item.Pending?.MarkWritten();
                    FrameCodec.Write(_writer, encoded.WrittenSpan);
                    if (_writer.UnflushedBytes >= FlushThresholdBytes)
                    {
                        await _writer.FlushAsync(_closed.Token).ConfigureAwait(false);
                    }
                }

                await _writer.FlushAsync(_closed.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            Close(ex.Message);
        }
        finally
        {
            while (_outgoing.Reader.TryRead(out var left))
            {
                left.Pending?.TrySetException(NotSent());
            }
        }
    }

    /// <summary>Encodes one frame; a frame that cannot be encoded, or would be too large for the peer, fails alone instead of breaking the connection.</summary>
    private bool TryEncode(Outgoing item, ArrayBufferWriter<byte> encoded)
    {
        encoded.ResetWrittenCount();
        try
        {
            WireCodec.Write(encoded, item.Frame);
            if (encoded.WrittenCount > _maxFrameBytes)
            {
                throw new InvalidFrameException($"A frame of {encoded.WrittenCount} bytes is larger than the {_maxFrameBytes} a silo accepts.");
            }

            return true;
        }
        catch (Exception ex) when (ex is InvalidFrameException or ArgumentException)
        {
            item.Pending?.TrySetException(ex);
            return false;
        }
    }

    private SiloUnavailableException NotSent() => new($"The connection to {Remote} closed before this frame could be sent; it was not sent.");

    /// <summary>A frame waiting for the writer, and the request waiting for its answer, if it is one.</summary>
    private readonly record struct Outgoing(WireFrame Frame, PendingRequest? Pending);

    /// <summary>A request waiting for its response; whether its frame went out decides what a broken connection means for it.</summary>
    private sealed class PendingRequest() : TaskCompletionSource<WireFrame.Response>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        private volatile bool _written;

        public bool Written => _written;

        public void MarkWritten() => _written = true;
    }

    [LoggerMessage(EventId = 1300, Level = LogLevel.Warning, Message = "Dropped a connection from {Peer} that is not a silo of this cluster: {Reason}")]
    private static partial void LogStrangerDropped(ILogger logger, string peer, string reason);
}
