using System.Buffers;
using System.Buffers.Text;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Leasehold.Cli.Bench;

/// <summary>
/// One keep-alive HTTP/1.1 connection for one simulated client of the load generator: it writes each request with a
/// handful of copies and parses the answer in place (status, <c>Content-Length</c> or chunked body, <c>Connection:
/// close</c>). It is not a general HTTP client: it exists because the generator shares the machine with the service it
/// measures, and every microsecond of CPU it spends on a request is one the service does not get. A request that fails
/// in transport or passes its timeout closes the connection; the next request opens a new one.
/// </summary>
internal sealed class BenchConnection(Uri endpoint, string? apiKey, TimeSpan timeout, CancellationToken runEnded) : IAsyncDisposable
{
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
    private readonly ArrayBufferWriter<byte> _request = new(1024);
    private readonly string _host = endpoint.IsDefaultPort ? endpoint.Host : $"{endpoint.Host}:{endpoint.Port}";
    private CancellationTokenSource _deadline = CancellationTokenSource.CreateLinkedTokenSource(runEnded);
    private Socket? _socket;
    private Stream? _stream;
    private byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;
    private byte[] _body = new byte[4 * 1024];

    /// <summary>
    /// Sends one request and reads its answer. The body of the answer is valid until the next request. Throws
    /// <see cref="IOException"/> (transport) or <see cref="TimeoutException"/> when no answer came.
    /// </summary>
    public async Task<BenchResponse> SendAsync(string method, string pathAndQuery, ReadOnlyMemory<byte> body, string? contentType = null, string? fencingToken = null)
    {
        WriteRequest(method, pathAndQuery, body.Span, contentType, fencingToken);
        _deadline.CancelAfter(timeout);
        try
        {
            var stream = _stream ?? await ConnectAsync(_deadline.Token).ConfigureAwait(false);
            await stream.WriteAsync(_request.WrittenMemory, _deadline.Token).ConfigureAwait(false);
            var response = await ReadResponseAsync(stream, _deadline.Token).ConfigureAwait(false);
            if (!_deadline.TryReset())
            {
                _deadline.Dispose();
                _deadline = CancellationTokenSource.CreateLinkedTokenSource(runEnded);
            }

            return response;
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or InvalidDataException or ObjectDisposedException)
        {
            Close();
            if (ex is OperationCanceledException && !runEnded.IsCancellationRequested)
            {
                _deadline.Dispose();
                _deadline = CancellationTokenSource.CreateLinkedTokenSource(runEnded);
                throw new TimeoutException($"No answer within {timeout.TotalSeconds:0} s.", ex);
            }

            throw ex as IOException ?? new IOException(ex.Message, ex);
        }
    }

    public ValueTask DisposeAsync()
    {
        Close();
        _deadline.Dispose();
        return ValueTask.CompletedTask;
    }

    private void WriteRequest(string method, string pathAndQuery, ReadOnlySpan<byte> body, string? contentType, string? fencingToken)
    {
        _request.ResetWrittenCount();
        Write(method);
        Write(" /");
        Write(pathAndQuery.TrimStart('/'));
        Write(" HTTP/1.1\r\nHost: ");
        Write(_host);
        if (apiKey is not null)
        {
            Write("\r\nAuthorization: Bearer ");
            Write(apiKey);
        }

        if (contentType is not null)
        {
            Write("\r\nContent-Type: ");
            Write(contentType);
        }

        if (fencingToken is not null)
        {
            Write("\r\nFencing-Token: ");
            Write(fencingToken);
        }

        if (!body.IsEmpty || method is "POST" or "PUT")
        {
            Write("\r\nContent-Length: ");
            Utf8Formatter.TryFormat(body.Length, _request.GetSpan(11), out var written);
            _request.Advance(written);
        }

        Write("\r\n\r\n");
        body.CopyTo(_request.GetSpan(body.Length));
        _request.Advance(body.Length);
    }

    private void Write(string text)
    {
        var written = Encoding.ASCII.GetBytes(text, _request.GetSpan(text.Length));
        _request.Advance(written);
    }

    private async Task<Stream> ConnectAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint.Host, endpoint.Port, cancellationToken).ConfigureAwait(false);
            Stream stream = new NetworkStream(socket, ownsSocket: true);
            if (endpoint.Scheme == Uri.UriSchemeHttps)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = endpoint.Host }, cancellationToken).ConfigureAwait(false);
                stream = tls;
            }

            (_socket, _stream, _start, _end) = (socket, stream, 0, 0);
            return stream;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task<BenchResponse> ReadResponseAsync(Stream stream, CancellationToken cancellationToken)
    {
        int headerLength;
        while ((headerLength = _buffer.AsSpan(_start, _end - _start).IndexOf(HeaderEnd)) < 0)
        {
            await FillAsync(stream, cancellationToken).ConfigureAwait(false);
        }

        var (status, contentLength, chunked, close) = ParseHead(_buffer.AsSpan(_start, headerLength));
        _start += headerLength + HeaderEnd.Length;
        var bodyLength = 0;
        if (chunked)
        {
            while (true)
            {
                var size = await ReadChunkSizeAsync(stream, cancellationToken).ConfigureAwait(false);
                if (size == 0)
                {
                    // No trailers are sent by the service: the last chunk is followed by an empty line.
                    await ReadLineAsync(stream, cancellationToken).ConfigureAwait(false);
                    break;
                }

                await CopyBodyAsync(stream, size, bodyLength, cancellationToken).ConfigureAwait(false);
                bodyLength += size;
                await ReadLineAsync(stream, cancellationToken).ConfigureAwait(false);
            }
        }
        else if (contentLength > 0)
        {
            await CopyBodyAsync(stream, contentLength, 0, cancellationToken).ConfigureAwait(false);
            bodyLength = contentLength;
        }

        if (close)
        {
            Close();
        }

        return new BenchResponse(status, _body.AsMemory(0, bodyLength));
    }

    private static (int Status, int ContentLength, bool Chunked, bool Close) ParseHead(ReadOnlySpan<byte> head)
    {
        // "HTTP/1.1 200 OK", then one "Name: value" per line.
        if (head.Length < 12 || !head.StartsWith("HTTP/1."u8) || !Utf8Parser.TryParse(head.Slice(9, 3), out int status, out _))
        {
            throw new InvalidDataException("The answer does not start with an HTTP/1.x status line.");
        }

        var (contentLength, chunked, close) = (0, false, false);
        foreach (var range in head.Split("\r\n"u8))
        {
            var line = head[range];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim((byte)' ');
            if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8) && Utf8Parser.TryParse(value, out int length, out _))
            {
                contentLength = length;
            }
            else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
            {
                chunked = Ascii.EqualsIgnoreCase(value, "chunked"u8);
            }
            else if (Ascii.EqualsIgnoreCase(name, "Connection"u8))
            {
                close = Ascii.EqualsIgnoreCase(value, "close"u8);
            }
        }

        return (status, contentLength, chunked, close);
    }

    private async Task<int> ReadChunkSizeAsync(Stream stream, CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(stream, cancellationToken).ConfigureAwait(false);
        var hex = _buffer.AsSpan(line.Start, line.Length);
        var extension = hex.IndexOf((byte)';');
        return Utf8Parser.TryParse(extension < 0 ? hex : hex[..extension], out int size, out _, 'X') && size >= 0
            ? size
            : throw new InvalidDataException("A chunk without a size.");
    }

    /// <summary>The next line (without its CRLF) as a range of the read buffer, consumed.</summary>
    private async Task<(int Start, int Length)> ReadLineAsync(Stream stream, CancellationToken cancellationToken)
    {
        int length;
        while ((length = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n"u8)) < 0)
        {
            await FillAsync(stream, cancellationToken).ConfigureAwait(false);
        }

        var line = (_start, length);
        _start += length + 2;
        return line;
    }

    private async Task CopyBodyAsync(Stream stream, int count, int offset, CancellationToken cancellationToken)
    {
        if (_body.Length < offset + count)
        {
            Array.Resize(ref _body, Math.Max(_body.Length * 2, offset + count));
        }

        while (_end - _start < count)
        {
            await FillAsync(stream, cancellationToken).ConfigureAwait(false);
        }

        _buffer.AsSpan(_start, count).CopyTo(_body.AsSpan(offset));
        _start += count;
    }

    /// <summary>Reads more of the answer, first moving what is unread to the front (or growing the buffer when it is full).</summary>
    private async Task FillAsync(Stream stream, CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            (_end, _start) = (_end - _start, 0);
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            throw new IOException("The service closed the connection before it answered.");
        }

        _end += read;
    }

    private void Close()
    {
        _stream?.Dispose();
        _socket?.Dispose();
        (_stream, _socket, _start, _end) = (null, null, 0, 0);
    }
}
