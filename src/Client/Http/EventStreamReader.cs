using System.Globalization;

namespace Leasehold.Client.Http;

/// <summary>Reads Server-Sent Events off one response: each event's id, kind and data; comments count as signs of life.</summary>
internal sealed class EventStreamReader(Stream body, TimeProvider time, TimeSpan idleTimeout) : IDisposable
{
    private readonly StreamReader _reader = new(body);

    /// <summary>The next event; null when the stream ended.</summary>
    /// <exception cref="TimeoutException">Nothing arrived, not even a keep-alive, within the idle timeout: the connection is presumed dead.</exception>
    public async Task<(long Id, string Kind, string Data)?> NextAsync(CancellationToken cancellationToken)
    {
        long? id = null;
        string? kind = null;
        string? data = null;
        while (true)
        {
            string? line;
            using (var idle = new CancellationTokenSource(idleTimeout, time))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idle.Token))
            {
                try
                {
                    line = await _reader.ReadLineAsync(linked.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (idle.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException($"The watch sent nothing for {idleTimeout.TotalSeconds:0.#} s.");
                }
            }

            if (line is null)
            {
                return null;
            }

            if (line.Length == 0)
            {
                if (kind is not null && id is not null && data is not null)
                {
                    return (id.Value, kind, data);
                }

                (id, kind, data) = (null, null, null);
                continue;
            }

            if (line.StartsWith("id:", StringComparison.Ordinal))
            {
                id = long.TryParse(line.AsSpan(3).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
            }
            else if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                kind = line[6..].Trim();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                data = data is null ? line[5..].TrimStart() : data + "\n" + line[5..].TrimStart();
            }
        }
    }

    public void Dispose() => _reader.Dispose();
}
