using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Leasehold.Chaos.Nemesis;
using Leasehold.Chaos.Recording;

namespace Leasehold.Chaos.Workload;

/// <summary>
/// One watcher: follows one lease's (or one object's) watch stream through a random node for the whole run and records
/// every event it receives. When the stream breaks — its node killed, stopped, cut off, or silent past
/// <see cref="WorkloadOptions.WatchIdleTimeout"/> — it reconnects through another node with the id of the last event it
/// received (<c>Last-Event-ID</c>), after a back-off, until the run ends. Every connection is recorded too. It judges
/// nothing: the checker reads the events afterwards (<c>watch-gap</c>, <c>watch-events-disagree</c>, and the grants they name).
/// </summary>
public sealed class WatchLoop(string name, string target, bool objectWatch, IChaosCluster cluster, History history, WorkloadOptions options, Random random)
{
    private const int MaxConnections = 100_000;
    private const string EventStream = "text/event-stream";
    private long? _lastEventId;
    private int _node = -1;

    public async Task RunAsync(CancellationToken stop)
    {
        var backoff = options.WatchBackoffMin;
        for (var connection = 1; connection <= MaxConnections && !stop.IsCancellationRequested; connection++)
        {
            var events = await FollowAsync(connection, stop).ConfigureAwait(false);
            // A stream that carried something was a working node: start the back-off over. One that carried nothing backs off further.
            backoff = events > 0 ? options.WatchBackoffMin : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, options.WatchBackoffMax.Ticks));
            try
            {
                await Task.Delay(backoff * (0.5 + random.NextDouble() / 2), stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One connection, to its end; records it and returns how many events it carried.</summary>
    private async Task<int> FollowAsync(int connection, CancellationToken stop)
    {
        // Another node than the last one: the one that served the broken stream is the likeliest to be gone.
        var preferred = cluster.NodeCount > 1 && _node >= 0 ? (_node + 1 + random.Next(cluster.NodeCount - 1)) % cluster.NodeCount : random.Next(cluster.NodeCount);
        var (node, http) = cluster.RunningFrom(preferred);
        _node = node;
        var opened = history.NowMs;
        var lastEventId = _lastEventId;
        var status = 0;
        var events = 0;
        string end;
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(stop);
        try
        {
            if (http is null)
            {
                end = "no-node";
            }
            else
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, objectWatch ? $"/v1/objects/{target}/watch" : $"/v1/leases/{target}/watch");
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(EventStream));
                if (lastEventId is { } id)
                {
                    request.Headers.TryAddWithoutValidation("Last-Event-ID", id.ToString(CultureInfo.InvariantCulture));
                }

                idle.CancelAfter(options.WatchIdleTimeout);
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, idle.Token).ConfigureAwait(false);
                status = (int)response.StatusCode;
                if (!response.IsSuccessStatusCode || response.Content.Headers.ContentType?.MediaType != EventStream)
                {
                    end = "refused";
                }
                else
                {
                    var body = await response.Content.ReadAsStreamAsync(idle.Token).ConfigureAwait(false);
                    await using (body.ConfigureAwait(false))
                    {
                        (end, events) = await ReadEventsAsync(new StreamReader(body, Encoding.UTF8), connection, node, idle).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            end = stop.IsCancellationRequested ? "stopped" : "idle";
        }
        catch (HttpRequestException ex)
        {
            end = ex.HttpRequestError == HttpRequestError.ConnectionError ? "connection-refused" : $"transport: {ex.HttpRequestError}";
        }
        catch (IOException)
        {
            end = "transport: broken";
        }

        history.Ended(new WatchConnection(name, connection, node, target, objectWatch, lastEventId, opened, history.NowMs, status, end, events));
        return events;
    }

    /// <summary>Reads the Server-Sent Events of one stream until it ends: each complete event is recorded when its blank line arrives.</summary>
    private async Task<(string End, int Events)> ReadEventsAsync(StreamReader reader, int connection, int node, CancellationTokenSource idle)
    {
        var events = 0;
        string? id = null;
        var data = new StringBuilder();
        using (reader)
        {
            while (events < int.MaxValue)
            {
                idle.CancelAfter(options.WatchIdleTimeout);
                var line = await reader.ReadLineAsync(idle.Token).ConfigureAwait(false);
                if (line is null)
                {
                    return ("closed", events);
                }

                if (line.Length == 0)
                {
                    if (data.Length > 0)
                    {
                        if (Parse(id, data.ToString(), connection, node) is not { } received)
                        {
                            return ("unreadable-event", events);
                        }

                        history.Received(received);
                        _lastEventId = received.Id;
                        events++;
                    }

                    id = null;
                    data.Clear();
                    continue;
                }

                // "field: value" (one space after the colon is not part of the value); a line starting with ':' is a comment (keep-alive).
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon == 0)
                {
                    continue;
                }

                var field = colon < 0 ? line : line[..colon];
                var value = colon < 0 ? string.Empty : line[(colon + 1)..];
                value = value.StartsWith(' ') ? value[1..] : value;
                if (field == "id")
                {
                    id = value;
                }
                else if (field == "data")
                {
                    data.Append(value);
                }
            }
        }

        return ("closed", events);
    }

    private WatchEvent? Parse(string? id, string data, int connection, int node)
    {
        try
        {
            using var document = JsonDocument.Parse(data);
            var json = document.RootElement;
            var number = long.TryParse(id, NumberStyles.Integer, CultureInfo.InvariantCulture, out var sent) ? sent
                : json.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.Number ? i.GetInt64()
                : (long?)null;
            if (number is null || !json.TryGetProperty("kind", out var kind) || kind.GetString() is not { } kindName)
            {
                return null;
            }

            return new WatchEvent(name, connection, node, target, objectWatch, number.Value, kindName,
                String(json, "holder"),
                json.TryGetProperty("fence", out var fence) && fence.ValueKind == JsonValueKind.Number ? fence.GetInt64() : null,
                String(json, "mode") == "shared",
                String(json, "reason"),
                String(json, "leaseId"),
                history.NowMs);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? String(JsonElement json, string property) =>
        json.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
