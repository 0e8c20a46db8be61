using FsCheck.Xunit;
using Leasehold.Chaos.Nemesis;

namespace Leasehold.Chaos.Tests.Nemesis;

public sealed class NemesisScheduleTests
{
    [Fact]
    public void The_same_seed_draws_the_same_faults_and_another_seed_does_not()
    {
        var options = new NemesisOptions();

        var first = NemesisSchedule.Plans(42, options, 3).Take(50).ToList();
        var again = NemesisSchedule.Plans(42, options, 3).Take(50).ToList();
        var other = NemesisSchedule.Plans(43, options, 3).Take(50).ToList();

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Faults_stay_within_their_bounds_and_two_node_faults_name_two_nodes()
    {
        var options = new NemesisOptions { Faults = [FaultKind.Partition, FaultKind.Skew, FaultKind.Delay] };

        var plans = NemesisSchedule.Plans(7, options, 3).Take(500).ToList();

        Assert.All(plans, p =>
        {
            Assert.Contains(p.Kind, options.Faults);
            Assert.NotEqual(p.Node, p.Other);
            Assert.InRange(p.Hold, options.HoldMin, options.HoldMax);
            Assert.True(p.ClockOffset.Duration() <= options.ClockOffsetMax, $"offset {p.ClockOffset}");
            Assert.InRange(Math.Abs(p.DriftPpm), 0, options.DriftPpmMax);
        });
        Assert.Equal(3, plans.Select(p => p.Kind).Distinct().Count());
    }

    [Fact]
    public void A_single_node_is_never_partitioned_from_itself()
    {
        var plans = NemesisSchedule.Plans(1, new NemesisOptions(), 1).Take(200).ToList();

        Assert.DoesNotContain(plans, p => p.Kind is FaultKind.Partition or FaultKind.Delay);
    }

    [Property(MaxTest = 300)]
    public bool Every_kind_asked_for_comes_once_before_any_comes_twice(int seed, byte choice)
    {
        // choice picks a non-empty subset of the five kinds, one bit each.
        var all = Enum.GetValues<FaultKind>();
        var mask = choice % ((1 << all.Length) - 1) + 1;
        var kinds = all.Where((_, i) => (mask & (1 << i)) != 0).ToArray();
        var options = new NemesisOptions { Faults = kinds };

        var firsts = NemesisSchedule.Plans(seed, options, 3).Take(kinds.Length).Select(p => p.Kind);

        return firsts.Order().SequenceEqual(kinds.Order());
    }
}
