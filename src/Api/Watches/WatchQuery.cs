using System.Globalization;
using System.Text.RegularExpressions;
using Leasehold.Api.Apis;

namespace Leasehold.Api.Watches;

/// <summary>
/// What a watch request asks for: a stream from <c>Last-Event-ID</c> (or from now), or — when it names <c>index</c> or
/// <c>wait</c> — a long poll for something newer than <c>index</c> (0 by default), waiting up to <c>wait</c>.
/// </summary>
internal sealed partial record WatchQuery(bool IsLongPoll, long? After, TimeSpan Wait)
{
    public static WatchQuery Parse(Validation check, string? index, string? wait, string? lastEventId, WatchOptions options)
    {
        var isLongPoll = index is not null || wait is not null;
        long? after = null;
        if (index is not null)
        {
            after = ParseIndex(check, "index", index);
        }
        else if (isLongPoll)
        {
            after = 0;
        }
        else if (lastEventId is not null)
        {
            after = ParseIndex(check, ServerSentEvents.LastEventIdHeader, lastEventId);
        }

        var waitFor = options.WaitDefault;
        if (wait is not null)
        {
            var match = Duration().Match(wait);
            if (!match.Success || !long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
            {
                check.Add("wait", $"must be a duration like 30s, 500ms, 5m or 1h, at most {Describe(options.WaitMax)} (Watches:WaitMax)");
            }
            else
            {
                var unit = match.Groups[2].Value;
                waitFor = unit switch
                {
                    "ms" => TimeSpan.FromMilliseconds(amount),
                    "s" => TimeSpan.FromSeconds(amount),
                    "m" => TimeSpan.FromMinutes(amount),
                    _ => TimeSpan.FromHours(amount),
                };
                if (waitFor > options.WaitMax)
                {
                    check.Add("wait", $"must be at most {Describe(options.WaitMax)} (Watches:WaitMax)");
                }
            }
        }

        return new WatchQuery(isLongPoll, after, waitFor);
    }

    private static long? ParseIndex(Validation check, string field, string text)
    {
        if (text.Length is > 0 and <= 19 && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        check.Add(field, "must be a whole number from 0 (an index or event id this watch gave)");
        return null;
    }

    private static string Describe(TimeSpan span) =>
        span.TotalMilliseconds % 1000 != 0 ? $"{(long)span.TotalMilliseconds}ms" : span.TotalSeconds % 60 != 0 ? $"{(long)span.TotalSeconds}s" : $"{(long)span.TotalMinutes}m";

    [GeneratedRegex("^([0-9]{1,9})(ms|s|m|h)$", RegexOptions.CultureInvariant)]
    private static partial Regex Duration();
}
