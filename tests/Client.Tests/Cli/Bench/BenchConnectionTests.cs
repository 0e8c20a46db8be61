using System.Net;
using System.Net.Sockets;
using System.Text;
using Leasehold.Cli.Bench;

namespace Leasehold.Client.Tests.Cli.Bench;

/// <summary>The load generator's own HTTP/1.1 connection, against a loopback peer that answers exactly as scripted.</summary>
public sealed class BenchConnectionTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_chunked_answer_sent_a_byte_at_a_time_and_a_sized_one_are_read_whole_on_one_connection()
    {
        await using var peer = ScriptedPeer.Start(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"a\":\r\n4;ext=1\r\n1234\r\n1\r\n}\r\n0\r\n\r\n",
            "HTTP/1.1 409 Conflict\r\ncontent-length: 7\r\n\r\nrefused");
        await using var connection = new BenchConnection(peer.Endpoint, apiKey: "k-123", Bound, CancellationToken.None);

        var first = await connection.SendAsync("POST", "v1/leases/r/acquire", "{\"ttlMs\":1}"u8.ToArray(), "application/json");
        var firstBody = Encoding.ASCII.GetString(first.Body.Span);
        var second = await connection.SendAsync("PUT", "v1/objects/k", "xy"u8.ToArray(), "application/octet-stream", fencingToken: "lh1.t");

        Assert.Equal((200, "{\"a\":1234}"), (first.Status, firstBody));
        Assert.Equal((409, "refused"), (second.Status, Encoding.ASCII.GetString(second.Body.Span)));
        Assert.Equal(1, peer.Connections);
        var requests = peer.Requests();
        Assert.StartsWith("POST /v1/leases/r/acquire HTTP/1.1\r\nHost: 127.0.0.1:", requests[0], StringComparison.Ordinal);
        Assert.Contains("\r\nAuthorization: Bearer k-123\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"ttlMs\":1}", requests[0], StringComparison.Ordinal);
        Assert.Contains("\r\nFencing-Token: lh1.t\r\nContent-Length: 2\r\n\r\nxy", requests[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_Connection_close_the_next_request_opens_a_new_connection()
    {
        await using var peer = ScriptedPeer.Start(
            "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
            "HTTP/1.1 204 No Content\r\n\r\n");
        await using var connection = new BenchConnection(peer.Endpoint, null, Bound, CancellationToken.None);

        var first = await connection.SendAsync("GET", "v1/leases/r", ReadOnlyMemory<byte>.Empty);
        var second = await connection.SendAsync("GET", "v1/leases/r", ReadOnlyMemory<byte>.Empty);

        Assert.Equal((400, 204), (first.Status, second.Status));
        Assert.Equal(2, peer.Connections);
    }

    [Fact]
    public async Task A_peer_that_never_answers_is_a_timeout_not_a_hang()
    {
        await using var peer = ScriptedPeer.Start();
        await using var connection = new BenchConnection(peer.Endpoint, null, TimeSpan.FromMilliseconds(200), CancellationToken.None);

        await Assert.ThrowsAsync<TimeoutException>(() => connection.SendAsync("GET", "v1/leases/r", ReadOnlyMemory<byte>.Empty).WaitAsync(Bound));
    }

    [Fact]
    public async Task A_peer_that_closes_mid_answer_is_a_transport_error()
    {
        await using var peer = ScriptedPeer.Start("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nonly part", closeAfterEach: true);
        await using var connection = new BenchConnection(peer.Endpoint, null, Bound, CancellationToken.None);

        await Assert.ThrowsAsync<IOException>(() => connection.SendAsync("GET", "v1/leases/r", ReadOnlyMemory<byte>.Empty).WaitAsync(Bound));
    }

    /// <summary>
    /// Accepts connections on loopback and answers the n-th request with the n-th script, one byte per write; with no
    /// script left it reads and stays silent. Records each request as text.
    /// </summary>
    private sealed class ScriptedPeer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly Queue<string> _answers;
        private readonly List<string> _requests = [];
        private readonly CancellationTokenSource _stop = new();
        private readonly bool _closeAfterEach;
        private Task _serving = Task.CompletedTask;
        private int _connections;

        private ScriptedPeer(string[] answers, bool closeAfterEach)
        {
            _answers = new Queue<string>(answers);
            _closeAfterEach = closeAfterEach;
        }

        public Uri Endpoint => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

        public int Connections => Volatile.Read(ref _connections);

        public static ScriptedPeer Start(params string[] answers) => Start(answers, closeAfterEach: false);

        public static ScriptedPeer Start(string answer, bool closeAfterEach) => Start([answer], closeAfterEach);

        public List<string> Requests()
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _serving.ContinueWith(_ => { }, TaskScheduler.Default);
            _stop.Dispose();
        }

        private static ScriptedPeer Start(string[] answers, bool closeAfterEach)
        {
            var peer = new ScriptedPeer(answers, closeAfterEach);
            peer._listener.Start();
            peer._serving = peer.ServeAsync();
            return peer;
        }

        private async Task ServeAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref _connections);
                var stream = client.GetStream();
                while (await ReadRequestAsync(stream) is { } request)
                {
                    lock (_requests)
                    {
                        _requests.Add(request);
                    }

                    if (!_answers.TryDequeue(out var answer))
                    {
                        continue;
                    }

                    foreach (var b in Encoding.ASCII.GetBytes(answer))
                    {
                        await stream.WriteAsync(new[] { b }, _stop.Token);
                    }

                    if (_closeAfterEach || answer.Contains("Connection: close", StringComparison.Ordinal))
                    {
                        break;
                    }
                }
            }
        }

        /// <summary>One request: its head, and as many body bytes as its Content-Length says; null when the peer closed.</summary>
        private async Task<string?> ReadRequestAsync(NetworkStream stream)
        {
            var text = new StringBuilder();
            var one = new byte[1];
            while (!text.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                if (await stream.ReadAsync(one, _stop.Token) == 0)
                {
                    return null;
                }

                text.Append((char)one[0]);
            }

            var head = text.ToString();
            var marker = "Content-Length: ";
            var at = head.IndexOf(marker, StringComparison.Ordinal);
            var length = at < 0 ? 0 : int.Parse(head[(at + marker.Length)..head.IndexOf('\r', at)], System.Globalization.CultureInfo.InvariantCulture);
            for (var i = 0; i < length && await stream.ReadAsync(one, _stop.Token) == 1; i++)
            {
                text.Append((char)one[0]);
            }

            return text.ToString();
        }
    }
}
