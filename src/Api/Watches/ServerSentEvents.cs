using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Features;

namespace Leasehold.Api.Watches;

/// <summary>Writes a <c>text/event-stream</c> (the HTML Server-Sent Events format): each event flushed as it is written.</summary>
internal static class ServerSentEvents
{
    public const string MediaType = "text/event-stream";

    /// <summary>The header a reconnecting EventSource sends with the id of the last event it received.</summary>
    public const string LastEventIdHeader = "Last-Event-ID";

    /// <summary>Sends the headers and the client's reconnection delay, and turns off response buffering.</summary>
    public static async Task StartAsync(HttpResponse response, TimeSpan retry, CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = MediaType;
        response.Headers.CacheControl = "no-cache";
        // Proxies that buffer (nginx) would hold events back.
        response.Headers["X-Accel-Buffering"] = "no";
        response.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await response.StartAsync(cancellationToken);
        await WriteAsync(response, $"retry: {(long)retry.TotalMilliseconds}\n\n", cancellationToken);
    }

    /// <summary>One event: <c>id:</c>, <c>event:</c> and one line of JSON <c>data:</c>.</summary>
    public static async Task WriteEventAsync<T>(HttpResponse response, long id, string kind, T data, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(data, type);
        await WriteAsync(response, string.Create(CultureInfo.InvariantCulture, $"id: {id}\nevent: {kind}\ndata: {json}\n\n"), cancellationToken);
    }

    /// <summary>A comment line: ignored by clients, it keeps the connection (and proxies) alive and shows a dead client.</summary>
    public static Task WriteCommentAsync(HttpResponse response, string comment, CancellationToken cancellationToken) =>
        WriteAsync(response, $": {comment.ReplaceLineEndings(" ")}\n\n", cancellationToken);

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
