namespace Leasehold.Api.Watches;

/// <summary>
/// A blocking query, as Consul's: answers at once if something newer than the caller's index exists, else waits for a
/// change up to the caller's wait and answers with what it has (perhaps nothing new) and the current index.
/// </summary>
internal static class LongPoll
{
    public static async Task<WatchRead<TEvent>> WaitAsync<TEvent>(
        WatchHub.Following following, IWatchFeed<TEvent> feed, long index, TimeSpan wait, WatchOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var until = time.GetTimestamp() + (long)(wait.TotalSeconds * time.TimestampFrequency);
        var read = await feed.ReadAsync(index);
        while (read.Index == index && !read.Reset)
        {
            var remaining = time.GetElapsedTime(time.GetTimestamp(), until);
            if (remaining <= TimeSpan.Zero)
            {
                break;
            }

            if (!await following.Doorbell.WaitAsync(remaining < options.Refresh ? remaining : options.Refresh, time, cancellationToken)
                && remaining > options.Refresh)
            {
                // Not rung within a refresh: renew the subscription (it may have been lost with an activation), then look.
                await following.RenewAsync();
            }

            read = await feed.ReadAsync(index);
        }

        return read;
    }
}
