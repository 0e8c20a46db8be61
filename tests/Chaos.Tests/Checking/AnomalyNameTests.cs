using Leasehold.Chaos.Checking;

namespace Leasehold.Chaos.Tests.Checking;

/// <summary>Reports, the verdict table and the history JSON name each kind of anomaly: one distinct name per kind.</summary>
public sealed class AnomalyNameTests
{
    [Fact]
    public void Every_kind_of_anomaly_has_a_name_of_its_own()
    {
        var names = Enum.GetValues<AnomalyKind>().Select(Anomaly.Name).ToList();

        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Equal("shared-write-accepted", Anomaly.Name(AnomalyKind.SharedWriteAccepted));
        Assert.All(names, name => Assert.Matches("^[a-z]+(-[a-z]+)*$", name));
    }
}
