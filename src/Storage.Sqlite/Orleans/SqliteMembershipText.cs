using System.Globalization;
using Orleans.Runtime;

namespace Leasehold.Storage.Sqlite;

/// <summary>How Orleans' membership fields are written as SQLite text, exactly (to the tick) and in sortable form.</summary>
internal static class SqliteMembershipText
{
    // Fixed width and UTC, so text order is time order: MAX(...) and the cleanup's cutoff compare text.
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string Time(DateTime time) => Utc(time).ToString(TimeFormat, CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    public static DateTime ParseTime(string text) =>
        DateTime.ParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    /// <summary>Votes as <c>silo|ticks</c> separated by <c>;</c>: a silo's parsable form (<c>ip:port@generation</c>) holds neither.</summary>
    public static string SuspectTimes(List<Tuple<SiloAddress, DateTime>>? votes) =>
        votes is null ? "" : string.Join(';', votes.Select(v => $"{v.Item1.ToParsableString()}|{Utc(v.Item2).Ticks.ToString(CultureInfo.InvariantCulture)}"));

    public static List<Tuple<SiloAddress, DateTime>> ParseSuspectTimes(string text) =>
        text.Length == 0
            ? []
            : text.Split(';').Select(vote =>
            {
                var bar = vote.LastIndexOf('|');
                var ticks = long.Parse(vote.AsSpan(bar + 1), NumberStyles.None, CultureInfo.InvariantCulture);
                return Tuple.Create(SiloAddress.FromParsableString(vote[..bar]), new DateTime(ticks, DateTimeKind.Utc));
            }).ToList();

    /// <summary>Orleans passes UTC times, but a <see cref="DateTimeKind.Unspecified"/> one is taken as UTC rather than as local time.</summary>
    public static DateTime Utc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Local => time.ToUniversalTime(),
        DateTimeKind.Unspecified => DateTime.SpecifyKind(time, DateTimeKind.Utc),
        _ => time,
    };
}
