using Leasehold.TestingHost;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace Leasehold.Faults.Tests;

[Collection(ClusterCollection.Name)]
public sealed class ClockSkewTests
{
    [Fact]
    public async Task Clock_skew_moves_the_silos_wall_clock_in_every_Orleans_area_but_not_its_monotonic_clock()
    {
        await using var faulty = await FaultyCluster.StartAsync();
        var (skewed, other) = (faulty.Silos[0], faulty.Silos[1]);
        var offset = TimeSpan.FromHours(1);

        faulty.Cluster.Skew(skewed, offset);

        foreach (var area in new[] { TimeProviderNames.Grains, TimeProviderNames.Membership, TimeProviderNames.Messaging })
        {
            var clock = skewed.ServiceProvider.GetRequiredKeyedService<TimeProvider>(area);
            var error = clock.GetUtcNow() - TimeProvider.System.GetUtcNow() - offset;
            Assert.True(error.Duration() < TimeSpan.FromSeconds(5), $"{area}: wall clock is off by {error} from the injected offset");

            var before = TimeProvider.System.GetTimestamp();
            var timestamp = clock.GetTimestamp();
            var after = TimeProvider.System.GetTimestamp();
            Assert.InRange(timestamp, before, after);
        }

        var untouched = other.ServiceProvider.GetRequiredService<TimeProvider>();
        Assert.True((untouched.GetUtcNow() - TimeProvider.System.GetUtcNow()).Duration() < TimeSpan.FromSeconds(5), "another silo's clock is not skewed");
        Assert.Equal(offset, faulty.Cluster.GetFaultController(skewed.SiloAddress).ClockOffset);
    }
}
