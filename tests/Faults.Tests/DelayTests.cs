using System.Diagnostics;
using Leasehold.TestingHost;

namespace Leasehold.Faults.Tests;

[Collection(ClusterCollection.Name)]
public sealed class DelayTests
{
    [Fact]
    public async Task Delay_slows_each_call_from_one_silo_to_another_by_at_least_the_delay()
    {
        await using var faulty = await FaultyCluster.StartAsync();
        var (from, to) = (faulty.Silos[0], faulty.Silos[1]);
        await FaultyCluster.GrainOnAsync(to, "slow");
        var grain = FaultyCluster.GrainsOf(from).GetGrain<IEchoGrain>("slow");
        Assert.Equal(to.SiloAddress, await grain.Where());
        var delay = TimeSpan.FromMilliseconds(300);

        faulty.Cluster.Delay(from, to, delay);
        for (var i = 0; i < 3; i++)
        {
            var clock = Stopwatch.StartNew();
            Assert.Equal(to.SiloAddress, await grain.Where());
            Assert.True(clock.Elapsed >= delay, $"call {i} took {clock.Elapsed.TotalMilliseconds:0} ms, less than the {delay.TotalMilliseconds:0} ms delay");
        }
    }
}
