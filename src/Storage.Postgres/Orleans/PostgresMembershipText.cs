using System.Globalization;
using Orleans.Runtime;

namespace Leasehold.Storage.Postgres;

/// <summary>How Orleans' membership fields that PostgreSQL has no column type for are written, exactly (to the tick).</summary>
internal static class PostgresMembershipText
{
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

    /// <summary>
    /// Orleans passes UTC times, but a <see cref="DateTimeKind.Unspecified"/> one is taken as UTC rather than as local time
    /// (Npgsql refuses to write a non-UTC <see cref="DateTime"/> to a <c>timestamptz</c>).
    /// </summary>
    public static DateTime Utc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Local => time.ToUniversalTime(),
        DateTimeKind.Unspecified => DateTime.SpecifyKind(time, DateTimeKind.Utc),
        _ => time,
    };
}
