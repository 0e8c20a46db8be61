using System.Net.Http.Headers;
using System.Text.Json;

namespace Leasehold.Api.Tests.Watches;

/// <summary>A test's reader of one Server-Sent Events response: events one at a time, each awaited with a bounded timeout.</summary>
public sealed class EventStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private EventStream(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = new StreamReader(body);
    }

    public HttpResponseMessage Response => _response;

    /// <summary>Opens <paramref name="path"/> as an event stream, optionally resuming after <paramref name="lastEventId"/>.</summary>
    public static async Task<EventStream> OpenAsync(HttpClient client, string path, long? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is { } id)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new EventStream(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>The next event (comments and the retry line skipped); fails after <paramref name="timeout"/> (10 s by default).</summary>
    public async Task<ServerEvent> NextAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        long? id = null;
        string? kind = null;
        string? data = null;
        while (true)
        {
            string? line;
            try
            {
                line = await _reader.ReadLineAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No event within {(timeout ?? TimeSpan.FromSeconds(10)).TotalSeconds} s.");
            }

            Assert.NotNull(line);
            if (line.Length == 0)
            {
                if (kind is not null)
                {
                    return new ServerEvent(id!.Value, kind, JsonDocument.Parse(data!).RootElement.Clone());
                }

                continue;
            }

            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = long.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                kind = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line[6..];
            }
        }
    }

    /// <summary>The next event, which must be of <paramref name="kind"/>.</summary>
    public async Task<ServerEvent> NextAsync(string kind, TimeSpan? timeout = null)
    {
        var next = await NextAsync(timeout);
        Assert.True(next.Kind == kind, $"expected a {kind} event, got {next.Kind}: {next.Data}");
        return next;
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>One event as sent: its id, kind and JSON data.</summary>
public sealed record ServerEvent(long Id, string Kind, JsonElement Data)
{
    public string? Holder => Data.TryGetProperty("holder", out var holder) && holder.ValueKind == JsonValueKind.String ? holder.GetString() : null;

    public long? Fence => Data.TryGetProperty("fence", out var fence) && fence.ValueKind == JsonValueKind.Number ? fence.GetInt64() : null;

    public string? Reason => Data.TryGetProperty("reason", out var reason) && reason.ValueKind == JsonValueKind.String ? reason.GetString() : null;
}
