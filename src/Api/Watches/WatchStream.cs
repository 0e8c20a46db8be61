using System.Text.Json.Serialization.Metadata;

namespace Leasehold.Api.Watches;

/// <summary>
/// Serves one watch as Server-Sent Events until the client leaves or the host stops. It reads after its last id whenever its
/// doorbell rings, and at least every <c>Watches:Refresh</c>, when it also renews its subscription and sends a keep-alive:
/// so a lost notification, or a failover that took the subscription with it, costs latency and never an event. A grain
/// that cannot be reached for a while interrupts nothing: the watch says so in a comment and tries again.
/// </summary>
internal static partial class WatchStream
{
    public static async Task RunAsync<TEvent>(
        HttpContext context,
        WatchHub.Following following,
        IWatchFeed<TEvent> feed,
        long? lastEventId,
        WatchRead<TEvent> first,
        JsonTypeInfo<TEvent> type,
        WatchOptions options,
        TimeProvider time,
        ILogger logger)
    {
        var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var cancellation = ended.Token;
        var response = context.Response;
        try
        {
            await ServerSentEvents.StartAsync(response, TimeSpan.FromSeconds(1), cancellation);
            var last = await SendAsync(response, feed, first, type, cancellation);
            while (!cancellation.IsCancellationRequested)
            {
                var rung = await following.Doorbell.WaitAsync(options.Refresh, time, cancellation);
                try
                {
                    if (!rung)
                    {
                        await ServerSentEvents.WriteCommentAsync(response, "keep-alive", cancellation);
                        await following.RenewAsync();
                    }

                    last = await SendAsync(response, feed, await feed.ReadAsync(last), type, cancellation);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    // The grain is out of reach (a failover under way, a paused silo): keep the stream, try at the next refresh.
                    LogInterrupted(logger, error);
                    await ServerSentEvents.WriteCommentAsync(response, "the lease service is not answering; retrying", cancellation);
                }
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // The client left (or the host stops): the caller leaves the hub.
        }
        catch (IOException)
        {
            // The connection broke under a write.
        }
    }

    private static async Task<long> SendAsync<TEvent>(HttpResponse response, IWatchFeed<TEvent> feed, WatchRead<TEvent> read, JsonTypeInfo<TEvent> type, CancellationToken cancellation)
    {
        foreach (var @event in read.Events)
        {
            await ServerSentEvents.WriteEventAsync(response, feed.IdOf(@event), feed.KindOf(@event), @event, type, cancellation);
        }

        return read.Index;
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "A watch was interrupted; retrying at the next refresh")]
    private static partial void LogInterrupted(ILogger logger, Exception error);
}
