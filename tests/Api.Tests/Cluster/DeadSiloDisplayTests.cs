using System.Net;
using Leasehold.Api.Cluster;
using Orleans.Runtime;

namespace Leasehold.Api.Tests.Cluster;

/// <summary>Which membership rows /v1/cluster lists: Dead ones only while younger than Cluster:DeadSiloDisplayAge.</summary>
public sealed class DeadSiloDisplayTests
{
    private static readonly DateTime Now = new(2025, 3, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Age = TimeSpan.FromHours(1);

    [Fact]
    public void Dead_silos_last_seen_longer_ago_than_the_age_are_counted_not_shown_and_no_other_row_is_hidden()
    {
        var active = Entry(1, SiloStatus.Active, heartbeat: Now.AddHours(-5));
        var recentlyDead = Entry(2, SiloStatus.Dead, heartbeat: Now.AddMinutes(-59));
        var longDead = Entry(3, SiloStatus.Dead, heartbeat: Now.AddHours(-2));
        var votedOnLately = Entry(4, SiloStatus.Dead, heartbeat: Now.AddHours(-2), votedAt: Now.AddMinutes(-10));

        var (shown, hidden) = DeadSiloDisplay.Select([active, recentlyDead, longDead, votedOnLately], new DateTimeOffset(Now), Age);

        Assert.Equal(1, hidden);
        Assert.Equal([active, recentlyDead, votedOnLately], shown);
    }

    private static MembershipEntry Entry(int generation, SiloStatus status, DateTime heartbeat, DateTime? votedAt = null) => new()
    {
        SiloAddress = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111), generation),
        Status = status,
        StartTime = heartbeat.AddMinutes(-1),
        IAmAliveTime = heartbeat,
        SuspectTimes = votedAt is { } at ? [Tuple.Create(SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11112), 1), at)] : [],
    };
}
