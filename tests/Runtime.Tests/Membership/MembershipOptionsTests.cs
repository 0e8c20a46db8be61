using Leasehold.Runtime.Membership;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Leasehold.Runtime.Tests.Membership;

public sealed class MembershipOptionsTests
{
    [Fact]
    public void Options_are_bound_from_Cluster_Membership()
    {
        var options = Resolve(("ProbeInterval", "00:00:00.250"), ("MissedProbesLimit", "3"));

        Assert.Equal(TimeSpan.FromMilliseconds(250), options.ProbeInterval);
        Assert.Equal(3, options.MissedProbesLimit);
        Assert.Equal(TimeSpan.FromSeconds(10), options.SuspicionWindow);
    }

    [Theory]
    [InlineData("ProbeInterval", "00:00:00", "ProbeInterval")]
    [InlineData("MissedProbesLimit", "0", "MissedProbesLimit")]
    [InlineData("IAmAliveInterval", "00:00:06", "IAmAliveInterval")]
    [InlineData("SuspicionWindow", "00:00:01", "ProbeInterval × MissedProbesLimit + ProbeTimeout")]
    public void Options_that_cannot_work_fail_validation_naming_the_setting(string key, string value, string named)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Resolve((key, value)));

        Assert.Contains(named, failure.Message);
    }

    private static MembershipOptions Resolve(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>($"{MembershipServiceCollectionExtensions.Section}:{s.Key}", s.Value)))
            .Build();
        using var services = new ServiceCollection().AddClusterMembership(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<MembershipOptions>>().Value;
    }
}
