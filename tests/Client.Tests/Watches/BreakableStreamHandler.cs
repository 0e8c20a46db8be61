namespace Leasehold.Client.Tests.Watches;

/// <summary>
/// Breaks the response streams it has handed out on demand (their next read fails, as a dropped connection's would), and
/// records the Last-Event-ID each request carried.
/// </summary>
internal sealed class BreakableStreamHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly List<BreakableStream> _streams = [];

    public List<string?> LastEventIds { get; } = [];

    public int Requests
    {
        get
        {
            lock (_streams)
            {
                return LastEventIds.Count;
            }
        }
    }

    public void BreakAll()
    {
        lock (_streams)
        {
            foreach (var stream in _streams)
            {
                stream.Broken = true;
            }
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (_streams)
        {
            LastEventIds.Add(request.Headers.TryGetValues("Last-Event-ID", out var ids) ? ids.Single() : null);
        }

        var response = await base.SendAsync(request, cancellationToken);
        var inner = await response.Content.ReadAsStreamAsync(cancellationToken);
        var breakable = new BreakableStream(inner);
        lock (_streams)
        {
            _streams.Add(breakable);
        }

        var content = new StreamContent(breakable);
        foreach (var header in response.Content.Headers)
        {
            content.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Content = content;
        return response;
    }

    private sealed class BreakableStream(Stream inner) : Stream
    {
        public volatile bool Broken;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            // Polls the flag: a read that waits for the server's next byte still notices the break within a moment.
            using var poll = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var read = inner.ReadAsync(buffer, poll.Token).AsTask();
            for (var i = 0; i < 100_000 && !read.IsCompleted; i++)
            {
                if (Broken)
                {
                    await poll.CancelAsync();
                    throw new IOException("connection broken by the test");
                }

                await Task.WhenAny(read, Task.Delay(20, cancellationToken));
            }

            return Broken ? throw new IOException("connection broken by the test") : await read;
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
