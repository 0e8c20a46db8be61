using Orleans.Runtime;

namespace Leasehold.Api.Cluster;

/// <summary>
/// Which membership rows <c>GET /v1/cluster</c> lists: every silo that is not Dead, and the Dead ones whose last sign of
/// life (start, heartbeat, or the last suspicion vote on it) is younger than <c>Cluster:DeadSiloDisplayAge</c>. The rest
/// are only counted: after many restarts they would bury the few silos that matter.
/// </summary>
internal static class DeadSiloDisplay
{
    /// <summary>The rows to show, and how many Dead ones were left out.</summary>
    public static (IReadOnlyList<MembershipEntry> Shown, int Hidden) Select(IEnumerable<MembershipEntry> entries, DateTimeOffset now, TimeSpan age)
    {
        var shown = new List<MembershipEntry>();
        var hidden = 0;
        foreach (var entry in entries)
        {
            if (entry.Status == SiloStatus.Dead && now - LastSeen(entry) > age)
            {
                hidden++;
            }
            else
            {
                shown.Add(entry);
            }
        }

        return (shown, hidden);
    }

    /// <summary>The latest time the table records anything of the silo (the table stores UTC).</summary>
    internal static DateTimeOffset LastSeen(MembershipEntry entry)
    {
        var last = entry.IAmAliveTime > entry.StartTime ? entry.IAmAliveTime : entry.StartTime;
        foreach (var (_, votedAt) in entry.SuspectTimes ?? [])
        {
            if (votedAt > last)
            {
                last = votedAt;
            }
        }

        return new DateTimeOffset(DateTime.SpecifyKind(last, DateTimeKind.Utc));
    }
}
